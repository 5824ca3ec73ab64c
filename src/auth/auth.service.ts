import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditTrail } from '../audit/audit-trail';
import { UnitOfWork } from '../changes/unit-of-work';
import { authConfig, type AuthConfig } from '../config/auth.config';
import { ErrorCode } from '../common/problem/error-code';
import { ProblemException } from '../common/problem/problem.exception';
import { BusinessMetrics } from '../metrics/business-metrics';
import { UserResponseDto } from '../users/dto/user-response.dto';
import type { UserEntity } from '../users/entities/user.entity';
import { assertPasswordAcceptable } from '../users/password-policy';
import { UsersRepository } from '../users/users.repository';
import type { LoginDto, RegisterDto } from './dto/credentials.dto';
import type { RegisteredDto, TokenPairDto } from './dto/token-pair.dto';
import { PasswordHasher } from './password-hasher';
import { SessionsRepository } from './sessions.repository';
import { TokenService } from './token.service';

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

/** One answer for every failed login, whatever the reason (OWASP ASVS 2.2.x: no account enumeration). */
const invalidCredentials = () => new ProblemException(401, ErrorCode.Unauthorized, { detail: 'Invalid email or password' });
const invalidRefreshToken = () => new ProblemException(401, ErrorCode.Unauthorized, { detail: 'The refresh token is invalid, expired or already used' });

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly audit: AuditTrail,
    private readonly metrics: BusinessMetrics,
    @Inject(authConfig.KEY) private readonly auth: AuthConfig,
  ) {}

  /** Always creates a customer; the DTO has no role field, so none can be smuggled in. */
  async register(dto: RegisterDto, client: ClientInfo): Promise<RegisteredDto> {
    assertPasswordAcceptable(dto.password, dto.email);
    const passwordHash = await this.hasher.hash(dto.password);
    return this.unitOfWork.run(async (manager, changes) => {
      const user = await this.users.create({ email: dto.email, passwordHash, name: dto.name }, manager);
      changes.record(user.id, undefined, UserResponseDto.from(user));
      return { user: UserResponseDto.from(user), tokens: await this.startSession(manager, user, client) };
    });
  }

  async login(dto: LoginDto, client: ClientInfo): Promise<TokenPairDto> {
    const candidate = await this.users.findLoginCandidate(dto.email);
    const locked = candidate?.lockedUntil && candidate.lockedUntil > new Date();
    // Verify even when the answer is already known, so unknown, locked and wrong cost the same time.
    const passwordMatches = await this.hasher.verify(candidate?.passwordHash, dto.password);
    if (!candidate || locked || candidate.disabled || !passwordMatches) {
      if (candidate && !locked && !passwordMatches) await this.users.recordLoginFailure(candidate.id, this.auth.lockout);
      this.logger.warn({
        event: 'auth.login_failed',
        userId: candidate?.id,
        ip: client.ip,
        reason: !candidate ? 'unknown' : locked ? 'locked' : candidate.disabled ? 'disabled' : 'password',
      });
      this.metrics.loginFailed();
      // The attempted address is not kept for unknown accounts: it is personal data, or a mistyped password.
      await this.audit.securityEvent({
        action: 'auth.login',
        resourceType: 'user',
        resourceId: candidate?.id,
        actor: candidate ? { id: candidate.id, role: candidate.role } : undefined,
        outcome: 'failure',
        errorCode: !candidate ? 'UNKNOWN_ACCOUNT' : locked ? 'ACCOUNT_LOCKED' : candidate.disabled ? 'ACCOUNT_DISABLED' : 'WRONG_PASSWORD',
      });
      throw invalidCredentials();
    }
    await this.users.recordLoginSuccess(candidate.id);
    if (this.hasher.needsRehash(candidate.passwordHash)) await this.users.update(candidate.id, { passwordHash: await this.hasher.hash(dto.password) });
    this.logger.log({ event: 'auth.login_succeeded', userId: candidate.id, ip: client.ip });
    const user = (await this.users.findByIdOnPrimary(candidate.id))!;
    await this.audit.securityEvent({
      action: 'auth.login',
      resourceType: 'user',
      resourceId: user.id,
      actor: { id: user.id, role: user.role },
      outcome: 'success',
    });
    return this.unitOfWork.run((manager) => this.startSession(manager, user, client));
  }

  /** Rotation: the presented token is spent and a new one issued in the same family. Reuse revokes the family. */
  async refresh(refreshToken: string): Promise<TokenPairDto> {
    const hashes = this.tokens.refreshTokenLookupHashes(refreshToken);
    const pair = await this.unitOfWork.run(async (manager) => {
      const spent = await this.sessions.spend(manager, hashes);
      if (!spent) return null;
      const user = await this.users.findByIdOnPrimary(spent.userId, manager);
      if (!user || user.disabled) return null;
      return this.issuePair(manager, user, spent.sessionId, spent.id, spent.sessionExpiresAt);
    });
    if (pair) return pair;

    const why = await this.sessions.whyUnspendable(hashes);
    if (why.state === 'reused') {
      // RFC 9700 §4.14.2: a spent refresh token coming back means it leaked; end the whole family.
      await this.sessions.revokeSession(why.sessionId, 'reuse_detected');
      this.logger.warn({ event: 'auth.refresh_token_reused', userId: why.userId, sessionId: why.sessionId });
      await this.audit.securityEvent({
        action: 'auth.refresh_reuse',
        resourceType: 'session',
        resourceId: why.sessionId,
        actor: { id: why.userId },
        outcome: 'failure',
        errorCode: 'REFRESH_TOKEN_REUSED',
      });
    }
    throw invalidRefreshToken();
  }

  async logout(sessionId: string): Promise<void> {
    await this.unitOfWork.run(async (manager, changes) => {
      await this.sessions.revokeSession(sessionId, 'logout', manager);
      changes.record(sessionId, { revoked: false }, { revoked: true });
    });
  }

  /** Ends every session and invalidates every access token issued so far. */
  async logoutAll(userId: string): Promise<void> {
    await this.unitOfWork.run(async (manager, changes) => {
      await this.users.bumpTokenVersion(userId, manager);
      await this.sessions.revokeAllSessions(userId, 'logout_all', manager);
      changes.record(userId, { sessionsRevoked: false }, { sessionsRevoked: true });
    });
    this.logger.log({ event: 'auth.logout_all', userId });
  }

  private async startSession(manager: EntityManager, user: UserEntity, client: ClientInfo): Promise<TokenPairDto> {
    const sessionId = await this.sessions.createSession(manager, {
      userId: user.id,
      userAgent: client.userAgent,
      ip: client.ip,
      expiresAt: this.tokens.refreshExpiry(),
    });
    return this.issuePair(manager, user, sessionId);
  }

  private async issuePair(manager: EntityManager, user: UserEntity, sessionId: string, parentId?: string, sessionExpiresAt?: Date): Promise<TokenPairDto> {
    const refresh = this.tokens.newRefreshToken();
    // A rotated token ends with its session at the latest: refreshing never extends a login past its lifetime.
    const fullTerm = this.tokens.refreshExpiry();
    const expiresAt = sessionExpiresAt && sessionExpiresAt < fullTerm ? sessionExpiresAt : fullTerm;
    await this.sessions.addRefreshToken(manager, { sessionId, parentId, tokenHash: refresh.hash, expiresAt });
    return {
      accessToken: this.tokens.signAccessToken({ sub: user.id, role: user.role, sid: sessionId, ver: user.tokenVersion }),
      refreshToken: refresh.token,
      tokenType: 'Bearer',
      expiresIn: this.tokens.accessTtlSeconds,
    };
  }
}
