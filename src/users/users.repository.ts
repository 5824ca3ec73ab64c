import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import { ErrorCode } from '../common/problem/error-code';
import { ProblemException } from '../common/problem/problem.exception';
import { onPrimary } from '../database/on-primary';
import { UserEntity } from './entities/user.entity';
import { Role } from './role';

const UNIQUE_VIOLATION = '23505';

export interface UserListFilter {
  role?: Role;
  emailPrefix?: string;
  after?: { createdAt: string; id: string };
  limit: number;
}

/** Credentials and lock state, read on the primary for login decisions. */
export type LoginCandidate = Pick<UserEntity, 'id' | 'email' | 'role' | 'passwordHash' | 'disabled' | 'lockedUntil' | 'failedLoginCount'>;

/** What the JWT guard needs on every authenticated request, in one indexed query on the primary. */
export interface AuthState {
  role: Role;
  tokenVersion: number;
  disabled: boolean;
  sessionActive: boolean;
}

@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly dataSource: DataSource,
  ) {}

  /** Inserts a user; a taken email is a 409 that says no more than that. */
  async create(values: { email: string; passwordHash: string; name?: string | null; role?: Role }, manager?: EntityManager): Promise<UserEntity> {
    const repository = manager?.getRepository(UserEntity) ?? this.users;
    try {
      const inserted = await repository.insert({
        email: values.email,
        passwordHash: values.passwordHash,
        name: values.name ?? null,
        role: values.role ?? Role.Customer,
      });
      return (await this.findByIdOnPrimary(inserted.identifiers[0].id as string, manager))!;
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new ProblemException(409, ErrorCode.Conflict, { detail: 'An account with this email address already exists' });
      }
      throw error;
    }
  }

  /**
   * Back-office reads go to the primary: few, by staff who expect to see the change they just made, and never
   * failing on a replica that is down (TypeORM's replication mode picks one at random, dead or lagging).
   */
  findById(id: string): Promise<UserEntity | null> {
    return this.findByIdOnPrimary(id);
  }

  /** Reads on the primary: for decisions right after a write (authorisation, read-your-writes). */
  findByIdOnPrimary(id: string, manager?: EntityManager): Promise<UserEntity | null> {
    return manager ? manager.findOneBy(UserEntity, { id }) : onPrimary(this.dataSource, (primary) => primary.findOneBy(UserEntity, { id }));
  }

  async findLoginCandidate(email: string): Promise<LoginCandidate | null> {
    const rows = await this.dataSource.query<LoginCandidate[]>(
      `SELECT id, email, role, password_hash AS "passwordHash", disabled, locked_until AS "lockedUntil", failed_login_count AS "failedLoginCount"
         FROM users WHERE email = $1`,
      [email],
    );
    return rows[0] ?? null;
  }

  async authState(userId: string, sessionId: string): Promise<AuthState | null> {
    const rows = await this.dataSource.query<AuthState[]>(
      `SELECT u.role, u.token_version AS "tokenVersion", u.disabled,
              (s.revoked_at IS NULL AND s.expires_at > now()) AS "sessionActive"
         FROM users u JOIN sessions s ON s.user_id = u.id
        WHERE u.id = $1 AND s.id = $2`,
      [userId, sessionId],
    );
    return rows[0] ?? null;
  }

  /** On the primary, like `findById`. */
  async list(filter: UserListFilter): Promise<UserEntity[]> {
    return onPrimary(this.dataSource, (primary) => {
      const query = primary.getRepository(UserEntity).createQueryBuilder('u').orderBy('u.created_at', 'DESC').addOrderBy('u.id', 'DESC').limit(filter.limit);
      if (filter.role) query.andWhere('u.role = :role', { role: filter.role });
      if (filter.emailPrefix) query.andWhere('u.email LIKE :prefix', { prefix: `${escapeLike(filter.emailPrefix)}%` });
      if (filter.after) query.andWhere('(u.created_at, u.id) < (:createdAt, :id)', filter.after);
      return query.getMany();
    });
  }

  async recordLoginSuccess(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE users SET last_login_at = now(), failed_login_count = 0, locked_until = NULL WHERE id = $1`, [id]);
  }

  /**
   * Counts a failed login atomically; from `threshold` failures on, the account waits base × 2^(n − threshold)
   * seconds (capped) before the next attempt is even checked.
   */
  async recordLoginFailure(id: string, lockout: { threshold: number; baseSeconds: number; maxSeconds: number }): Promise<void> {
    await this.dataSource.query(
      `UPDATE users SET
         failed_login_count = failed_login_count + 1,
         locked_until = CASE WHEN failed_login_count + 1 >= $2
           THEN now() + make_interval(secs => LEAST($3::float8 * power(2, LEAST(failed_login_count + 1 - $2, 30)), $4::float8))
           ELSE locked_until END
       WHERE id = $1`,
      [id, lockout.threshold, lockout.baseSeconds, lockout.maxSeconds],
    );
  }

  async update(id: string, values: Partial<Pick<UserEntity, 'name' | 'passwordHash' | 'role' | 'disabled'>>, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).getRepository(UserEntity).update({ id }, values);
  }

  async bumpTokenVersion(id: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).query(`UPDATE users SET token_version = token_version + 1, updated_at = now() WHERE id = $1`, [id]);
  }

  /** Locks every active superadmin row (inside the caller's transaction) and returns their ids. */
  async lockActiveSuperadmins(manager: EntityManager): Promise<string[]> {
    const rows = await manager.query<Array<{ id: string }>>(`SELECT id FROM users WHERE role = 'superadmin' AND NOT disabled FOR UPDATE`);
    return rows.map((row) => row.id);
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}
