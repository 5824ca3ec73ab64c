import { createHmac } from 'node:crypto';
import { parseWebhookSecret } from './webhook-secret';

export const WEBHOOK_USER_AGENT = 'catalog-api-webhooks/1';

/**
 * One delivery attempt. A retry keeps the id (receivers recognise a repeat by it) but takes a fresh timestamp, so it is
 * signed again rather than replayed.
 */
export interface WebhookMessage {
  id: string;
  /** Unix time in whole seconds. */
  timestamp: number;
  /** Exactly the bytes that go on the wire: the signature covers this string, not a re-serialisation. */
  body: string;
}

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
  'content-type': 'application/json';
  'user-agent': string;
  [name: string]: string;
}

// A dot would make "id.timestamp.body" ambiguous; whitespace and controls are not valid in a header value.
const VALID_MESSAGE_ID = /^[\x21-\x2d\x2f-\x7e]+$/;

/**
 * The `webhook-signature` header value: one `v1,<base64 HMAC-SHA256>` per active secret, space-separated, so a
 * receiver holding either the old or the new secret accepts the delivery during a rotation.
 */
export function signWebhook(message: WebhookMessage, secrets: readonly string[]): string {
  assertSignable(message, secrets);
  return secrets.map((secret) => `v1,${hmac(parseWebhookSecret(secret), message)}`).join(' ');
}

/** The Standard Webhooks request headers for a JSON delivery. */
export function webhookHeaders(message: WebhookMessage, secrets: readonly string[]): WebhookHeaders {
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(message.timestamp),
    'webhook-signature': signWebhook(message, secrets),
    'content-type': 'application/json',
    'user-agent': WEBHOOK_USER_AGENT,
  };
}

function hmac(key: Buffer, { id, timestamp, body }: WebhookMessage): string {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body, 'utf8').digest('base64');
}

function assertSignable({ id, timestamp }: WebhookMessage, secrets: readonly string[]): void {
  if (!VALID_MESSAGE_ID.test(id)) throw new RangeError('webhook id must be non-empty visible ASCII without "."');
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RangeError('webhook timestamp must be whole non-negative seconds');
  if (secrets.length === 0) throw new RangeError('at least one webhook secret is needed to sign');
}
