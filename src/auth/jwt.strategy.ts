import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { JwtHeader } from 'jsonwebtoken';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { authConfig, type AuthConfig } from '../config/auth.config';
import { UsersRepository } from '../users/users.repository';
import type { AuthenticatedUser } from './authenticated-user';
import { ACCESS_TOKEN_TYPE, type AccessTokenClaims } from './token.service';

interface VerifiedToken {
  header: JwtHeader;
  payload: AccessTokenClaims;
}

/**
 * Verifies access tokens (RFC 8725): the algorithm is pinned (no `none`, no HS/RS confusion), `iss`, `aud`,
 * `exp` and `nbf` are checked with a small leeway, and the header must say `at+jwt`. Then one primary read
 * makes revocation instant: a disabled user, a revoked session or an older token version fails at once.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(authConfig.KEY) auth: AuthConfig,
    private readonly users: UsersRepository,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: auth.accessVerifyKey,
      algorithms: [auth.algorithm],
      issuer: auth.issuer,
      audience: auth.audience,
      ignoreExpiration: false,
      jsonWebTokenOptions: { complete: true, clockTolerance: auth.clockToleranceSeconds, maxAge: `${auth.accessTtlSeconds + auth.clockToleranceSeconds}s` },
    });
  }

  async validate(token: VerifiedToken): Promise<AuthenticatedUser | false> {
    const { header, payload } = token;
    if (header.typ !== ACCESS_TOKEN_TYPE || typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return false;
    const state = await this.users.authState(payload.sub, payload.sid);
    if (!state || state.disabled || !state.sessionActive || state.tokenVersion !== payload.ver) return false;
    // The role comes from the database, so a demotion takes effect on the next request.
    return { id: payload.sub, role: state.role, sessionId: payload.sid };
  }
}
