import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnitOfWork } from '../changes/unit-of-work';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { PasswordHasher } from '../auth/password-hasher';
import { SessionsRepository } from '../auth/sessions.repository';
import { CursorCodec } from '../common/pagination/cursor-codec';
import { authConfig, type AuthConfig } from '../config/auth.config';
import { ErrorCode } from '../common/problem/error-code';
import { ProblemException, ValidationProblemException } from '../common/problem/problem.exception';
import type { ListUsersQueryDto } from './dto/list-users-query.dto';
import type { UpdateMeDto } from './dto/update-me.dto';
import { UserPageDto, UserResponseDto } from './dto/user-response.dto';
import type { UserEntity } from './entities/user.entity';
import { assertPasswordAcceptable } from './password-policy';
import { Role, roleSatisfies } from './role';
import { UsersRepository } from './users.repository';

interface UserCursor extends Record<string, string> {
  c: string;
  i: string;
}

const isUserCursor = (value: Record<string, unknown>): value is UserCursor =>
  typeof value.c === 'string' && typeof value.i === 'string' && !Number.isNaN(Date.parse(value.c));
const notFound = (id: string) => new ProblemException(404, ErrorCode.NotFound, { detail: `No user has the id ${id}` });

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly hasher: PasswordHasher,
    private readonly cursors: CursorCodec,
    @Inject(authConfig.KEY) private readonly auth: AuthConfig,
  ) {}

  async me(caller: AuthenticatedUser): Promise<UserResponseDto> {
    const user = await this.users.findByIdOnPrimary(caller.id);
    if (!user) throw notFound(caller.id);
    return UserResponseDto.from(user);
  }

  /** Name and password only. A password change needs the current one and ends every other session. */
  async updateMe(caller: AuthenticatedUser, dto: UpdateMeDto): Promise<UserResponseDto> {
    const changes: Partial<Pick<UserEntity, 'name' | 'passwordHash'>> = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.newPassword !== undefined) {
      const candidate = await this.users.findLoginCandidate((await this.users.findByIdOnPrimary(caller.id))!.email);
      const locked = candidate?.lockedUntil && candidate.lockedUntil > new Date();
      const matches = await this.hasher.verify(candidate?.passwordHash, dto.currentPassword ?? '');
      // A stolen access token must not become a way around the login lockout: wrong guesses count the same.
      if (!candidate || locked || !matches) {
        if (candidate && !locked) await this.users.recordLoginFailure(candidate.id, this.auth.lockout);
        throw new ValidationProblemException([{ field: 'currentPassword', message: 'currentPassword is not correct' }]);
      }
      assertPasswordAcceptable(dto.newPassword, candidate.email, 'newPassword');
      changes.passwordHash = await this.hasher.hash(dto.newPassword);
    }
    return this.unitOfWork.run(async (manager, audit) => {
      const before = (await this.users.findByIdOnPrimary(caller.id, manager))!;
      if (Object.keys(changes).length) await this.users.update(caller.id, changes, manager);
      if (changes.passwordHash) await this.sessions.revokeAllSessions(caller.id, 'password_changed', manager, caller.sessionId);
      const after = (await this.users.findByIdOnPrimary(caller.id, manager))!;
      // The hash is not read back; the trail says the password changed, never what it was or became.
      const passwordChanged = Boolean(changes.passwordHash);
      audit.record(caller.id, { ...before, password: passwordChanged ? 'previous' : undefined }, { ...after, password: passwordChanged ? 'new' : undefined });
      return UserResponseDto.from(after);
    });
  }

  async list(query: ListUsersQueryDto): Promise<UserPageDto> {
    const after = query.cursor ? this.cursors.of('users').decode(query.cursor, isUserCursor) : undefined;
    const rows = await this.users.list({
      role: query.role,
      emailPrefix: query.email,
      after: after && { createdAt: after.c, id: after.i },
      limit: query.limit + 1,
    });
    return this.cursors.of('users').page(rows, query.limit, UserResponseDto.from, (last) => ({ c: last.createdAt.toISOString(), i: last.id }));
  }

  async get(id: string): Promise<UserResponseDto> {
    const user = await this.users.findById(id);
    if (!user) throw notFound(id);
    return UserResponseDto.from(user);
  }

  /** Superadmin only (route policy). The last active superadmin cannot be demoted. */
  async changeRole(caller: AuthenticatedUser, id: string, role: Role): Promise<UserResponseDto> {
    const user = await this.unitOfWork.run(async (manager, audit) => {
      const superadmins = await this.users.lockActiveSuperadmins(manager);
      const target = await this.users.findByIdOnPrimary(id, manager);
      if (!target) throw notFound(id);
      if (target.role === Role.Superadmin && role !== Role.Superadmin && superadmins.length === 1 && superadmins[0] === id) {
        throw new ProblemException(409, ErrorCode.Conflict, { detail: 'The last superadmin cannot be demoted' });
      }
      await this.users.update(id, { role }, manager);
      const changed = (await this.users.findByIdOnPrimary(id, manager))!;
      audit.record(id, target, changed);
      return changed;
    });
    this.logger.log({ event: 'user.role_changed', actorId: caller.id, userId: id, role });
    return UserResponseDto.from(user);
  }

  /**
   * Admins manage customers; only a superadmin may disable or enable staff. Nobody disables themselves, and
   * the last active superadmin stays. A disabled user's tokens stop working at once.
   */
  async setDisabled(caller: AuthenticatedUser, id: string, disabled: boolean): Promise<UserResponseDto> {
    if (caller.id === id) throw new ProblemException(409, ErrorCode.Conflict, { detail: 'You cannot disable or enable your own account' });
    const user = await this.unitOfWork.run(async (manager, audit) => {
      const superadmins = await this.users.lockActiveSuperadmins(manager);
      const target = await this.users.findByIdOnPrimary(id, manager);
      if (!target) throw notFound(id);
      if (target.role !== Role.Customer && !roleSatisfies(caller.role, Role.Superadmin)) {
        throw new ProblemException(403, ErrorCode.Forbidden, { detail: 'Only a superadmin can disable or enable staff accounts' });
      }
      if (disabled && target.role === Role.Superadmin && superadmins.length === 1 && superadmins[0] === id) {
        throw new ProblemException(409, ErrorCode.Conflict, { detail: 'The last active superadmin cannot be disabled' });
      }
      await this.users.update(id, { disabled }, manager);
      if (disabled) await this.sessions.revokeAllSessions(id, 'disabled', manager);
      const changed = (await this.users.findByIdOnPrimary(id, manager))!;
      audit.record(id, target, changed);
      return changed;
    });
    this.logger.log({ event: disabled ? 'user.disabled' : 'user.enabled', actorId: caller.id, userId: id });
    return UserResponseDto.from(user);
  }
}
