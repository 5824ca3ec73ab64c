/** One limit applied to one tracker: what a counter counts against. */
export interface KeyedLimit {
  /** From the key generator, e.g. `catalog:rate-limit:global:203.0.113.7`. */
  key: string;
  /** The limit's name, e.g. `global`. */
  policy: string;
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
  /** How long a tracker over the limit stays refused. */
  blockMs: number;
}

/** One counter after an increment. Durations are milliseconds from the moment the store answered. */
export interface RateLimitRecord {
  /** Hits counted in the current window, on every instance sharing the store, this increment included. */
  totalHits: number;
  /** Until the window ends and counting starts afresh. */
  windowResetMs: number;
  /** How long the tracker stays refused; 0 when it is not blocked. */
  blockedForMs: number;
}

/**
 * Where the counters live: Redis (shared by every instance) or this process. Fixed windows: the first hit opens
 * a window of `windowMs`; once the count exceeds `limit` the tracker is blocked for `blockMs`, whatever the
 * window does. Unlike `@nestjs/throttler`'s `ThrottlerStorage` it adds several hits at once, so hits admitted
 * locally can be sent in one batch.
 */
export interface RateLimitStore {
  add(counter: KeyedLimit, hits: number): Promise<RateLimitRecord>;
}

const SWEEP_INTERVAL_MS = 60_000;
/**
 * Beyond this many live counters the in-process store takes no new ones (see {@link MemoryRateLimitStore.isFull}):
 * it bounds memory when a flood of addresses arrives while it stands in for Redis.
 */
export const MAX_LOCAL_COUNTERS = 100_000;

interface MemoryCounter {
  hits: number;
  windowEndsAt: number;
  blockedUntil: number;
}

const idOf = (policy: string, key: string) => `${policy}\n${key}`;

/**
 * The counters in this process, with the semantics of {@link RedisRateLimitStore}'s script: all of them in
 * single-instance development without Redis, and those counted while Redis is unreachable (see
 * `FallbackStorage`). Counters whose window and block are over are dropped once a minute.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly counters = new Map<string, MemoryCounter>();
  private nextSweepAt: number;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxCounters = MAX_LOCAL_COUNTERS,
  ) {
    this.nextSweepAt = now() + SWEEP_INTERVAL_MS;
  }

  get size(): number {
    return this.counters.size;
  }

  /** True when `counter` is new and there is no room for it: the caller leaves it uncounted (`add` would still take it). */
  isFull(counter: KeyedLimit): boolean {
    return this.counters.size >= this.maxCounters && !this.counters.has(idOf(counter.policy, counter.key));
  }

  async add({ key, policy, limit, windowMs, blockMs }: KeyedLimit, hits: number): Promise<RateLimitRecord> {
    const now = this.now();
    if (now >= this.nextSweepAt) this.sweep(now);
    const id = idOf(policy, key);
    let counter = this.counters.get(id);
    if (!counter) {
      counter = { hits: 0, windowEndsAt: 0, blockedUntil: 0 };
      this.counters.set(id, counter);
    }
    if (counter.windowEndsAt <= now) {
      counter.hits = 0;
      counter.windowEndsAt = now + windowMs;
    }
    counter.hits += hits;
    if (counter.blockedUntil <= now) counter.blockedUntil = counter.hits > limit ? now + blockMs : 0;
    return { totalHits: counter.hits, windowResetMs: counter.windowEndsAt - now, blockedForMs: Math.max(0, counter.blockedUntil - now) };
  }

  private sweep(now: number): void {
    this.nextSweepAt = now + SWEEP_INTERVAL_MS;
    for (const [key, counter] of this.counters) {
      if (counter.windowEndsAt <= now && counter.blockedUntil <= now) this.counters.delete(key);
    }
  }
}
