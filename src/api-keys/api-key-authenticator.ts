import { Injectable, Logger } from '@nestjs/common';
import type { ApiKeyPrincipal } from '../auth/authenticated-user';
import { Role } from '../users/role';
import { hashApiKey, isWellFormedApiKey } from './api-key-secret';
import { ApiKeysRepository } from './api-keys.repository';

/** Turns a bearer API key into the caller of a request, for the JWT guard. */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly logger = new Logger(ApiKeyAuthenticator.name);

  constructor(private readonly keys: ApiKeysRepository) {}

  /**
   * The key's principal, or false for a malformed, unknown, revoked or expired key. A failure to read the key is
   * thrown, as the JWT strategy does: the guard then answers 503, never a 401 that would make the client drop a
   * key that may well be valid.
   */
  async authenticate(token: string): Promise<ApiKeyPrincipal | false> {
    if (!isWellFormedApiKey(token)) return false;
    const key = await this.keys.findUsable(hashApiKey(token));
    if (!key) return false;
    if (key.useDue) this.recordUse(key.id);
    return { kind: 'api-key', id: key.id, role: Role.Customer, scopes: key.scopes };
  }

  /** Not awaited: the last-used time is a hint for staff, and a request must not wait or fail for it. */
  private recordUse(id: string): void {
    this.keys.recordUse(id).catch((error: unknown) => this.logger.warn({ event: 'api_key.last_used_not_recorded', keyId: id, err: error }));
  }
}
