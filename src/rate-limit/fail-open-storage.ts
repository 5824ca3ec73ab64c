import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { withTimeout } from '../common/with-timeout';

/** After a failure, requests skip the storage this long instead of each waiting for a dead Redis. */
export const RETRY_AFTER_FAILURE_MS = 1_000;

export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Counts through the throttler storage, but lets requests through when it fails or is slow (fail open): an
 * outage of Redis must not take the API down with it, and briefly unlimited is the lesser harm. After a
 * failure it stops asking for {@link RETRY_AFTER_FAILURE_MS}, so requests during an outage stay fast. It warns
 * once when the outage starts and logs once when counting works again.
 */
export class FailOpenStorage {
  private readonly logger = new Logger('RateLimit');
  private failing = false;
  private skipUntil = 0;

  constructor(
    private readonly storage: ThrottlerStorage,
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The counter after this request, or undefined when it could not be counted (the request is allowed). */
  async increment(key: string, ttlMs: number, limit: number, blockDurationMs: number, policy: string): Promise<ThrottlerStorageRecord | undefined> {
    if (this.now() < this.skipUntil) return undefined;
    try {
      const record = await withTimeout(this.storage.increment(key, ttlMs, limit, blockDurationMs, policy), this.timeoutMs);
      if (this.failing) this.logger.log('Rate-limit storage reachable again; limits apply again');
      this.failing = false;
      return record;
    } catch (error) {
      if (!this.failing) {
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn(`Rate-limit storage unavailable (${reason}); requests are not limited until it returns`);
      }
      this.failing = true;
      this.skipUntil = this.now() + RETRY_AFTER_FAILURE_MS;
      return undefined;
    }
  }
}
