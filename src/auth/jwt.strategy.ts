import { Inject, Injectable, Optional } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { JwtHeader } from 'jsonwebtoken';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { authConfig, type AuthConfig } from '../config/auth.config';
import { UsersRepository } from '../users/users.repository';
import { AccessTokenKeys } from './access-token-keys';
import type { AuthenticatedUser } from './authenticated-user';
import { type Clock, KEY_ROTATION_CLOCK, systemClock } from './key-rotation';
import { ACCESS_TOKEN_TYPE, type AccessTokenClaims } from './token.service';

/** How PostgreSQL prints a uuid, which is how `sub` and `sid` were issued (any version: ids may be imported). */
const PRINTED_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isPrintedUuid = (value: unknown): value is string => typeof value === 'string' && PRINTED_UUID.test(value);

interface VerifiedToken {
  header: JwtHeader;
  payload: AccessTokenClaims;
}

/**
 * Verifies access tokens (RFC 8725): the algorithm is pinned (no `none`, no HS/RS confusion), `iss`, `aud`,
 * `exp` and `nbf` are checked with a small leeway, and the header must say `at+jwt`. The key is chosen by the
 * header's `kid`: the current key, or the previous one until the rotation's grace period ends. Then one primary
 * read makes revocation instant: a disabled user, a revoked session or an older token version fails at once.
 * When that read fails (the database is restarting or failing over), `validate` throws rather than answering
 * "invalid": the guard turns a thrown error into the problem filter's 503, never into a 401.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(authConfig.KEY) auth: AuthConfig,
    private readonly users: UsersRepository,
    @Optional() @Inject(KEY_ROTATION_CLOCK) clock: Clock = systemClock,
  ) {
    const keys = new AccessTokenKeys(auth, clock);
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: (_request: unknown, rawToken: string, done: (error: Error | null, key?: string) => void) => {
        const key = keys.verifyKeyFor(rawToken);
        // Fails like any other bad token: one 401 answer, whatever the reason.
        if (key) done(null, key);
        else done(new Error('no acceptable key for this token'));
      },
      algorithms: [auth.algorithm],
      issuer: auth.issuer,
      audience: auth.audience,
      ignoreExpiration: false,
      jsonWebTokenOptions: { complete: true, clockTolerance: auth.clockToleranceSeconds, maxAge: `${auth.accessTtlSeconds + auth.clockToleranceSeconds}s` },
    });
  }

  async validate(token: VerifiedToken): Promise<AuthenticatedUser | false> {
    const { header, payload } = token;
    // Ids that are not UUIDs cannot name a user or session, and would make the query fail (22P02) rather than miss.
    if (header.typ !== ACCESS_TOKEN_TYPE || !isPrintedUuid(payload.sub) || !isPrintedUuid(payload.sid)) return false;
    const state = await this.users.authState(payload.sub, payload.sid);
    if (!state || state.disabled || !state.sessionActive || state.tokenVersion !== payload.ver) return false;
    // The role comes from the database, so a demotion takes effect on the next request.
    return { kind: 'user', id: payload.sub, role: state.role, sessionId: payload.sid };
  }
}
