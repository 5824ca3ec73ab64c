import { createHash, randomBytes } from 'node:crypto';

/**
 * What an API key starts with. A JWT always starts with `eyJ` (its base64url JSON header), so the guard tells the two
 * apart by this alone, without trying to verify a key as a JWT.
 */
export const API_KEY_PREFIX = 'ck_';

const SECRET_BYTES = 32;
const WELL_FORMED = /^ck_[A-Za-z0-9_-]{43}$/;
/** `ck_` and 8 random characters: tells keys apart in a list, and leaves 208 bits of the secret unshown. */
const SHOWN_LENGTH = API_KEY_PREFIX.length + 8;

export interface NewApiKey {
  /** Handed to its creator once, never stored. */
  secret: string;
  prefix: string;
  hash: Buffer;
}

export function generateApiKey(): NewApiKey {
  const secret = `${API_KEY_PREFIX}${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { secret, prefix: secret.slice(0, SHOWN_LENGTH), hash: hashApiKey(secret) };
}

/** True for a bearer token meant as an API key, well formed or not: the API-key path answers for it either way. */
export const isApiKeyToken = (token: string): boolean => token.startsWith(API_KEY_PREFIX);

export const isWellFormedApiKey = (token: string): boolean => WELL_FORMED.test(token);

/**
 * SHA-256 rather than a password hash: the secret is 256 random bits, so there is nothing for a slow hash to protect
 * against guessing, and a fast one lets every request find its key through the unique index on the hash. Finding a
 * row by the hash compares hashes, not secrets, so its timing tells nothing about any secret.
 */
export function hashApiKey(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
