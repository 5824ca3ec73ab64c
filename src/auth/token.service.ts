import { createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { authConfig, type AuthConfig } from '../config/auth.config';
import type { Role } from '../users/role';

/** RFC 9068 media type of access tokens, checked on verification so no other JWT passes as one. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

export interface AccessTokenClaims {
  sub: string;
  role: Role;
  /** Session (refresh family) id. */
  sid: string;
  /** The user's token version when issued; logout-all bumps it. */
  ver: number;
}

@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(authConfig.KEY) private readonly auth: AuthConfig,
  ) {}

  signAccessToken(claims: AccessTokenClaims): string {
    return this.jwt.sign(claims, {
      algorithm: this.auth.algorithm,
      privateKey: this.auth.accessSigningKey,
      secret: this.auth.algorithm === 'HS256' ? this.auth.accessSigningKey : undefined,
      expiresIn: this.auth.accessTtlSeconds,
      issuer: this.auth.issuer,
      audience: this.auth.audience,
      header: { alg: this.auth.algorithm, typ: ACCESS_TOKEN_TYPE },
    });
  }

  /** 256 random bits, opaque to clients; only its keyed hash is stored. */
  newRefreshToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: this.hashRefreshToken(token) };
  }

  hashRefreshToken(token: string): string {
    return createHmac('sha256', this.auth.refreshSecret).update(token).digest('hex');
  }

  get accessTtlSeconds(): number {
    return this.auth.accessTtlSeconds;
  }

  refreshExpiry(): Date {
    return new Date(Date.now() + this.auth.refreshTtlSeconds * 1000);
  }
}
