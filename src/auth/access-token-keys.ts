import { createHash, createPublicKey } from 'node:crypto';
import type { AuthConfig, JwtAlgorithm } from '../config/auth.config';
import { type Clock, previousKeysAccepted } from './key-rotation';

const KEY_ID_BYTES = 12;

/**
 * The `kid` (RFC 7515 §4.1.4) of an access-token verification key: base64url of the first 12 bytes of SHA-256
 * over the HS256 secret, or over the public key's DER SubjectPublicKeyInfo (so any PEM spelling of one key, or
 * the public half derived from the private key, gives the same id). A hash of the HS256 secret gives an
 * attacker nothing new: any token's signature already lets them test guesses of the secret offline.
 */
export function accessKeyId(algorithm: JwtAlgorithm, verifyKey: string): string {
  const material = algorithm === 'HS256' ? Buffer.from(verifyKey) : createPublicKey(verifyKey).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(material).digest().subarray(0, KEY_ID_BYTES).toString('base64url');
}

/** The `kid` in a compact JWS's protected header: `undefined` when absent, `null` when the header is unreadable. */
export function keyIdInHeader(token: string): string | undefined | null {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
    if (typeof header !== 'object' || header === null || Array.isArray(header)) return null;
    const { kid } = header as { kid?: unknown };
    if (kid === undefined) return undefined;
    return typeof kid === 'string' ? kid : null;
  } catch {
    return null;
  }
}

/** The keys that verify access tokens: the current one, and the previous one during its grace period. */
export class AccessTokenKeys {
  readonly currentKeyId: string;
  private readonly previousKeyId?: string;

  constructor(
    private readonly auth: Pick<AuthConfig, 'algorithm' | 'accessVerifyKey' | 'previousKeys'>,
    private readonly clock: Clock,
  ) {
    this.currentKeyId = accessKeyId(auth.algorithm, auth.accessVerifyKey);
    const previousKey = auth.previousKeys?.accessVerifyKey;
    if (previousKey) this.previousKeyId = accessKeyId(auth.algorithm, previousKey);
  }

  /**
   * The key that may verify `token`, chosen by its `kid`; tokens issued before key ids existed carry none and
   * verify with the current key. `undefined` for an unknown id, or the previous key's once its grace is over.
   */
  verifyKeyFor(token: string): string | undefined {
    const kid = keyIdInHeader(token);
    if (kid === null) return undefined;
    if (kid === undefined || kid === this.currentKeyId) return this.auth.accessVerifyKey;
    const previous = this.auth.previousKeys;
    if (kid === this.previousKeyId && previousKeysAccepted(previous, this.clock)) return previous.accessVerifyKey;
    return undefined;
  }
}
