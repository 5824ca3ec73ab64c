/**
 * Where idempotency records live: a tiny compare-and-set store of strings with expiry. Every write names the
 * value it expects to replace, so an instance whose claim has expired can never overwrite or free a key that
 * another request has claimed since.
 */
export abstract class IdempotencyStore {
  /** Where the records live, for the boot log. */
  abstract readonly kind: string;

  /** Sets `key` to `value` for `ttlMs` unless it is set (atomically); `undefined` when set, else the current value. */
  abstract claim(key: string, value: string, ttlMs: number): Promise<string | undefined>;

  /** Replaces `key`'s value with `value` for `ttlMs` if it still holds `expected`; false when it no longer does. */
  abstract replace(key: string, expected: string, value: string, ttlMs: number): Promise<boolean>;

  /** Deletes `key` if it still holds `expected`. */
  abstract release(key: string, expected: string): Promise<void>;
}
