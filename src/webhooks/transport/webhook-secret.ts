import { randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';
/** Standard Webhooks allows 24 to 64 bytes of key; 32 matches the HMAC-SHA256 block-size advice. */
const GENERATED_KEY_BYTES = 32;
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;
const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The message never quotes the secret: it ends up in logs. */
export class InvalidWebhookSecret extends Error {
  override readonly name = 'InvalidWebhookSecret';
}

/** A new signing secret in the Standard Webhooks form `whsec_<base64 key>`, to be shown to the subscriber once. */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(GENERATED_KEY_BYTES).toString('base64');
}

/** The HMAC key inside a `whsec_` secret. */
export function parseWebhookSecret(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) {
    throw new InvalidWebhookSecret(`webhook secret must start with ${SECRET_PREFIX}`);
  }
  const encoded = secret.slice(SECRET_PREFIX.length);
  // Buffer.from silently skips characters that are not base64; a typo must not yield a different key.
  if (!CANONICAL_BASE64.test(encoded)) {
    throw new InvalidWebhookSecret('webhook secret is not canonical base64 after the prefix');
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
    throw new InvalidWebhookSecret(`webhook secret key must be ${MIN_KEY_BYTES} to ${MAX_KEY_BYTES} bytes, got ${key.length}`);
  }
  return key;
}
