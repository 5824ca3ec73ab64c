import { Inject, Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { authConfig, type AuthConfig } from '../config/auth.config';

/** argon2id with the configured cost (OWASP minimum by default); hashes carry their own parameters. */
@Injectable()
export class PasswordHasher {
  private readonly options: argon2.HashOptions & { raw?: false };
  /** Verified against when the email is unknown, so both failures cost the same time. */
  private readonly dummyHash: Promise<string>;

  constructor(@Inject(authConfig.KEY) auth: AuthConfig) {
    this.options = { type: argon2.argon2id, ...auth.argon2 };
    this.dummyHash = argon2.hash('timing-equaliser-not-a-password', this.options);
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, this.options);
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash ?? (await this.dummyHash), password);
    } catch {
      return false;
    }
  }

  /** True when the hash was made with other parameters than today's (rehash on next login). */
  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, this.options);
  }
}
