import { Logger } from '@nestjs/common';
import { withTimeout } from '../common/with-timeout';
import { gauge } from '../metrics/metric-registry';
import type { KeyedLimit, MemoryRateLimitStore, RateLimitRecord, RateLimitStore } from './rate-limit-store';

/** While the shared store is unreachable, it is tried again (in the background) this long after each failure. */
export const RETRY_AFTER_FAILURE_MS = 1_000;
/**
 * A store that fails again within this long of answering a probe (e.g. one Cluster node down while the probe's
 * node answers) doubles the wait before the next probe, up to {@link MAX_RETRY_AFTER_FAILURE_MS}, so that it does
 * not flap between the two modes, with a warning each time, every second.
 */
export const FLAPPING_WITHIN_MS = 10_000;
export const MAX_RETRY_AFTER_FAILURE_MS = 30_000;

const storeShared = gauge({
  name: 'rate_limit_store_shared',
  help: '1 while rate limits are counted in the shared store (Redis); 0 while this instance counts them in its process (no Redis configured, or Redis unreachable)',
});

/** A counter after adding hits, and where it was counted. */
export interface CountedRecord extends RateLimitRecord {
  /** The limit the hits were counted against: the configured one, or this instance's share of it during an outage. */
  limit: number;
  /** Counted in the shared store; false when counted in this process. */
  shared: boolean;
}

export interface FallbackStorageOptions {
  /** The counters every instance shares (Redis); none in single-instance development. */
  shared?: RateLimitStore;
  /** The counters in this process: all of them without a shared store, those of an outage with one. */
  local: MemoryRateLimitStore;
  /** Bound on one call of the shared store. */
  timeoutMs: number;
  /** The instances sharing the store: during an outage each counts every limit at 1/instances of it (at least 1). */
  outageInstances: number;
  /** REDIS_KEY_PREFIX: the background probe of an outage adds 0 hits to a counter of its own under it. */
  keyPrefix: string;
}

/** This instance's part of `limit` while it counts alone: floor, so the fleet total stays at or under the limit. */
export function outageShare(limit: number, instances: number): number {
  return Math.max(1, Math.floor(limit / instances));
}

/**
 * Where hits are counted: the shared store (Redis) while it answers, else this process.
 *
 * When a call of the shared store fails or takes longer than `timeoutMs` (connection refused, timeout, not ready, a
 * script error), this instance switches to its in-process {@link MemoryRateLimitStore} at once, that call's hits
 * included, and each limit applies at `outageShare(limit, outageInstances)`: with the fleet's instance count there,
 * the instances together admit about the configured limit, each enforcing its share. Requests then never wait for
 * the shared store: a background probe (the same script, 0 hits on a counter of its own that lives one second)
 * tries it every {@link RETRY_AFTER_FAILURE_MS}, one call at a time (longer when the store keeps failing again
 * right after answering, see {@link FLAPPING_WITHIN_MS}), and its first success switches counting back. Hits
 * counted in the process are not carried over: the shared counters go on from what they hold. The switch is logged
 * (warn, then info) and shown by the gauge `rate_limit_store_shared`.
 *
 * Without a shared store every counter lives in the process at its full limit (single-instance development).
 * Past `MAX_LOCAL_COUNTERS` live counters in the process, hits on new ones are not counted (undefined:
 * the request is allowed), so a flood of addresses during an outage cannot exhaust memory.
 */
export class FallbackStorage {
  private readonly logger = new Logger('RateLimit');
  private readonly probeLimit: KeyedLimit;
  private counting: 'shared' | 'local';
  /** Bumped at each switch: a failure of a call made before the latest switch says nothing about the store now. */
  private epoch = 0;
  private probeTimer?: NodeJS.Timeout;
  private retryAfterMs = RETRY_AFTER_FAILURE_MS;
  private backSince = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(
    private readonly options: FallbackStorageOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.counting = options.shared ? 'shared' : 'local';
    this.probeLimit = { key: `${options.keyPrefix}rate-limit:store-probe`, policy: 'probe', limit: 1, windowMs: 1_000, blockMs: 1_000 };
    storeShared.set(this.shared ? 1 : 0);
  }

  /** True while hits are counted in the shared store. */
  get shared(): boolean {
    return this.counting === 'shared';
  }

  /** The counter after adding `hits`, or undefined when they could not be counted anywhere (the request is allowed). */
  async add(counter: KeyedLimit, hits: number): Promise<CountedRecord | undefined> {
    const { shared } = this.options;
    if (shared && this.shared) {
      const epoch = this.epoch;
      try {
        const record = await withTimeout(shared.add(counter, hits), this.options.timeoutMs);
        return { ...record, limit: counter.limit, shared: true };
      } catch (error) {
        if (epoch === this.epoch && this.shared) this.switchToLocal(error);
      }
    }
    return this.addLocally(counter, hits);
  }

  /** Stops the probe (application shutdown). */
  close(): void {
    this.closed = true;
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
  }

  private async addLocally(counter: KeyedLimit, hits: number): Promise<CountedRecord | undefined> {
    const { local, shared, outageInstances } = this.options;
    if (local.isFull(counter)) return undefined;
    const limit = shared ? outageShare(counter.limit, outageInstances) : counter.limit;
    const record = await local.add(limit === counter.limit ? counter : { ...counter, limit }, hits);
    return { ...record, limit, shared: false };
  }

  private switchToLocal(error: unknown): void {
    this.counting = 'local';
    this.epoch++;
    storeShared.set(0);
    const flapping = this.now() - this.backSince < FLAPPING_WITHIN_MS;
    this.retryAfterMs = flapping ? Math.min(2 * this.retryAfterMs, MAX_RETRY_AFTER_FAILURE_MS) : RETRY_AFTER_FAILURE_MS;
    const reason = error instanceof Error ? error.message : String(error);
    const share = this.options.outageInstances > 1 ? `each limit at 1/${this.options.outageInstances} of it` : 'each limit in full';
    this.logger.warn(`Rate-limit storage unavailable (${reason}); counting in this process (${share}) until it returns`);
    this.scheduleProbe();
  }

  private scheduleProbe(): void {
    if (this.closed) return;
    this.probeTimer = setTimeout(() => void this.probe(), this.retryAfterMs);
    this.probeTimer.unref();
  }

  private async probe(): Promise<void> {
    this.probeTimer = undefined;
    try {
      await withTimeout(this.options.shared!.add(this.probeLimit, 0), this.options.timeoutMs);
    } catch {
      this.scheduleProbe();
      return;
    }
    if (this.closed) return;
    this.counting = 'shared';
    this.epoch++;
    this.backSince = this.now();
    storeShared.set(1);
    this.logger.log('Rate-limit storage reachable again; counting in it again');
  }
}
