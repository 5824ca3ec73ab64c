import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { authConfig, type AuthConfig } from '../config/auth.config';
import type { Role } from '../users/role';
import { accessKeyId } from './access-token-keys';
import { type Clock, KEY_ROTATION_CLOCK, previousKeysAccepted, systemClock } from './key-rotation';

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
  private readonly accessKeyId: string;

  constructor(
    private readonly jwt: JwtService,
    @Inject(authConfig.KEY) private readonly auth: AuthConfig,
    @Optional() @Inject(KEY_ROTATION_CLOCK) private readonly clock: Clock = systemClock,
  ) {
    this.accessKeyId = accessKeyId(auth.algorithm, auth.accessVerifyKey);
  }

  signAccessToken(claims: AccessTokenClaims): string {
    return this.jwt.sign(claims, {
      algorithm: this.auth.algorithm,
      privateKey: this.auth.accessSigningKey,
      secret: this.auth.algorithm === 'HS256' ? this.auth.accessSigningKey : undefined,
      expiresIn: this.auth.accessTtlSeconds,
      issuer: this.auth.issuer,
      audience: this.auth.audience,
      // RFC 9068 §2.2: a unique id, so that two tokens issued in the same second for one session differ.
      jwtid: randomUUID(),
      header: { alg: this.auth.algorithm, typ: ACCESS_TOKEN_TYPE, kid: this.accessKeyId },
    });
  }

  /** 256 random bits, opaque to clients; only its keyed hash (always under the current secret) is stored. */
  newRefreshToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: this.hashRefreshToken(token) };
  }

  hashRefreshToken(token: string): string {
    return hmacHex(this.auth.refreshSecret, token);
  }

  /**
   * The hashes a presented refresh token may be stored under: the current secret's and, during the grace period
   * after a rotation, the previous secret's, so sessions started before the rotation can still refresh.
   */
  refreshTokenLookupHashes(token: string): string[] {
    const hashes = [this.hashRefreshToken(token)];
    const previous = this.auth.previousKeys;
    if (previous?.refreshSecret && previousKeysAccepted(previous, this.clock)) hashes.push(hmacHex(previous.refreshSecret, token));
    return hashes;
  }

  get accessTtlSeconds(): number {
    return this.auth.accessTtlSeconds;
  }

  refreshExpiry(): Date {
    return new Date(Date.now() + this.auth.refreshTtlSeconds * 1000);
  }
}

function hmacHex(secret: string, token: string): string {
  return createHmac('sha256', secret).update(token).digest('hex');
}
