import { Logger } from '@nestjs/common';
import { withTimeout } from '../common/with-timeout';
import type { KeyedLimit, RateLimitRecord, RateLimitStore } from './rate-limit-store';

/** After a failure, requests skip the storage this long instead of each waiting for a dead Redis. */
export const RETRY_AFTER_FAILURE_MS = 1_000;

/**
 * Counts through the store, but lets requests through when it fails or is slow (fail open): an outage of Redis
 * must not take the API down with it, and briefly unlimited is the lesser harm. After a failure it stops asking
 * for {@link RETRY_AFTER_FAILURE_MS}, so requests during an outage stay fast. It warns once when the outage starts
 * and logs once when counting works again.
 */
export class FailOpenStorage {
  private readonly logger = new Logger('RateLimit');
  private outage = false;
  private skipUntil = 0;

  constructor(
    private readonly store: RateLimitStore,
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True from a failure until the next successful call: nothing this process knows about the counters is current. */
  get failing(): boolean {
    return this.outage;
  }

  /** The counter after adding `hits`, or undefined when they could not be counted (the request is allowed). */
  async add(counter: KeyedLimit, hits: number): Promise<RateLimitRecord | undefined> {
    if (this.now() < this.skipUntil) return undefined;
    try {
      const record = await withTimeout(this.store.add(counter, hits), this.timeoutMs);
      if (this.outage) this.logger.log('Rate-limit storage reachable again; limits apply again');
      this.outage = false;
      return record;
    } catch (error) {
      if (!this.outage) {
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn(`Rate-limit storage unavailable (${reason}); requests are not limited until it returns`);
      }
      this.outage = true;
      this.skipUntil = this.now() + RETRY_AFTER_FAILURE_MS;
      return undefined;
    }
  }
}
