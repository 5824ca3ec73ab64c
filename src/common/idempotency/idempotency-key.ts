import { ErrorCode } from '../problem/error-code';
import { createHash } from 'node:crypto';
import { ProblemException } from '../problem/problem.exception';

/** Request header naming the key (draft-ietf-httpapi-idempotency-key-header). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Response header marking an answer replayed from the store instead of produced by the handler. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

// 1 to 255 visible ASCII characters (no spaces or controls, which could also forge log lines).
const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The key of an `Idempotency-Key` header, `undefined` when the header is absent, or a 400 problem. The draft
 * defines the field as a Structured Field string (`"8e03978e-…"`); the unquoted form clients commonly send is
 * accepted too and names the same key.
 */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(', ') : header.trim();
  const key = value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  if (!KEY.test(key)) {
    throw new ProblemException(400, ErrorCode.IdempotencyKeyInvalid, {
      detail: 'Idempotency-Key must be 1 to 255 visible ASCII characters, e.g. a UUID',
    });
  }
  return key;
}

/** Who sent the request: keys of different callers never meet. */
export interface IdempotencyScope {
  /** The authenticated user's id; when absent the caller is anonymous and scoped by address. */
  userId?: string;
  clientIp?: string;
  method: string;
  /** The route template (`/api/v1/products/:id/stock-adjustments`), not the concrete path. */
  route: string;
}

/** `idem:<sha256>`: one record per caller, route and key; the client's key itself is never stored. */
export function storageKeyFor(scope: IdempotencyScope, key: string): string {
  const caller = scope.userId ? `user:${scope.userId}` : `ip:${scope.clientIp ?? 'unknown'}`;
  return `idem:${sha256(JSON.stringify([caller, scope.method, scope.route, key]))}`;
}

/** sha256 of the canonical JSON of what the handler acts on, so a retry is recognised whatever its key order. */
export function requestFingerprint(request: { body?: unknown; params?: unknown; query?: unknown }): string {
  return sha256(canonicalJson({ body: request.body ?? null, params: request.params ?? {}, query: request.query ?? {} }));
}

/**
 * JSON with object members sorted by key and no whitespace, in the manner of RFC 8785 (JCS): JavaScript's
 * number formatting and UTF-16 key order are the ones JCS prescribes. Undefined members are dropped as JSON does.
 */
export function canonicalJson(value: unknown): string {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON(): unknown }).toJSON());
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((name) => record[name] !== undefined && typeof record[name] !== 'function')
      .sort()
      .map((name) => `${JSON.stringify(name)}:${canonicalJson(record[name])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
