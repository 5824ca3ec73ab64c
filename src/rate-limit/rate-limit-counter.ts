import type { BeforeApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { CountedRecord, FallbackStorage } from './fallback-storage';
import type { KeyedLimit } from './rate-limit-store';

/** When a hit may be admitted without asking the store; see {@link RateLimitCounter}. */
export interface LocalTallyOptions {
  /** Admit locally while the count stays within this fraction of the limit; 0 asks the store on every hit. */
  fraction: number;
  /** ... and while at least this many requests would remain, so small limits are always counted exactly. */
  minHeadroom: number;
  /** How often hits admitted locally are sent to the store. */
  syncIntervalMs: number;
  /** Policies never admitted locally. */
  exactPolicies?: ReadonlySet<string>;
}

/** One hit after counting. */
export interface CountedHit {
  /** False once the tracker is over the limit: refuse the request. */
  admitted: boolean;
  /** Hits in the window as this instance knows them, this one included. */
  totalHits: number;
  /** The limit counted against: the configured one, or this instance's share of it while the store is unreachable. */
  limit: number;
  /** Until the window ends or, when refused, until the block ends. */
  resetMs: number;
  /** Decided from this process's tally, without waiting for the store. */
  local: boolean;
}

/** Beyond this many tracked counters new ones are counted exactly, without a tally (bounds memory under a flood of addresses). */
export const MAX_TALLIES = 100_000;
/** How often tallies whose window and block are over are dropped. */
const SWEEP_INTERVAL_MS = 10_000;

/** What this process knows of one shared counter. */
interface Tally {
  limit: KeyedLimit;
  /** The shared total in the last reply of the store. */
  known: number;
  /** Hits counted here and not yet sent. */
  pending: number;
  /** Hits sent whose reply has not come back. */
  inFlight: number;
  /** Local clock times derived from the last reply; 0 when unknown. */
  windowEndsAt: number;
  blockedUntil: number;
  /** Sequence numbers of the calls sent and of the latest reply applied, so an older reply never overwrites a newer one. */
  sent: number;
  applied: number;
}

/**
 * Counts hits against shared counters without a store round trip per request while the count is far from the
 * limit, and exactly (one atomic increment per request, as before) near it.
 *
 * Per counter it keeps the last shared total the store returned and the hits counted here since. A hit is
 * admitted locally when the counter is known (a reply for the current window has arrived) and, this hit
 * included, `known + in flight + pending <= fraction × limit` and at least `minHeadroom` requests would remain.
 * Every `syncIntervalMs` the pending hits of each such counter go to the store in one `INCRBY`-like call whose
 * reply refreshes the shared total, the window and the block. Otherwise (first hit of a window, near the limit)
 * the hit goes to the store with the pending ones and waits for the verdict. A known block is
 * answered locally until it ends; those hits are still sent, so a block lifted in the store (keys deleted) is
 * noticed within one interval.
 *
 * Accuracy: call `share = min(⌊fraction × limit⌋, limit − minHeadroom)` the local share. Each instance admits at
 * most `share` requests of a window locally, since its view always includes its own hits, and an exact admission
 * sees every hit sent before it. So with n instances at most `limit + (n − 1) × share` requests pass per window in
 * the worst case (every other instance bursting through its local share within one sync interval, unaware of
 * the rest); a single instance is exact, and traffic spread over instances at a steady pace overshoots by at
 * most what the others admitted locally in the last interval. Limits up to `minHeadroom + 1`, and the
 * `exactPolicies` (the credential limits), are always exact. While the shared store is unreachable
 * ({@link FallbackStorage}) there are no tallies: every hit is counted in the process at once, and pending hits
 * go there too; hits admitted locally and not yet sent when the process stops are lost.
 */
export class RateLimitCounter implements OnModuleInit, BeforeApplicationShutdown {
  private readonly tallies = new Map<string, Tally>();
  private readonly dirty = new Set<Tally>();
  private timer?: NodeJS.Timeout;
  private nextSweepAt = 0;
  private closed = false;

  constructor(
    private readonly store: FallbackStorage,
    private readonly options: LocalTallyOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counters this process keeps a tally of. */
  get size(): number {
    return this.tallies.size;
  }

  private get tallying(): boolean {
    return this.options.fraction > 0 && !this.closed;
  }

  onModuleInit(): void {
    if (!this.tallying || this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.options.syncIntervalMs);
    this.timer.unref();
  }

  /** Sends what is pending while Redis is still open (Nest closes it in a shutdown hook, which runs after this). */
  async beforeApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
    this.store.close();
  }

  /** Counts one hit; undefined when it could not be counted (no room for another counter: the request is allowed). */
  async hit(limit: KeyedLimit): Promise<CountedHit | undefined> {
    // In-process counting costs no round trip: nothing to tally.
    if (!this.tallying || !this.store.shared || this.options.exactPolicies?.has(limit.policy)) return verdict(await this.store.add(limit, 1));
    const now = this.now();
    const id = `${limit.policy}\n${limit.key}`;
    let tally = this.tallies.get(id);
    if (tally) {
      tally.limit = limit;
      if (tally.blockedUntil > now) return this.countLocally(tally, false, tally.blockedUntil - now);
      if (tally.windowEndsAt > now && this.farFromLimit(tally)) return this.countLocally(tally, true, tally.windowEndsAt - now);
    }
    if (!tally && this.tallies.size < MAX_TALLIES) {
      tally = { limit, known: 0, pending: 0, inFlight: 0, windowEndsAt: 0, blockedUntil: 0, sent: 0, applied: 0 };
      this.tallies.set(id, tally);
    }
    return verdict(tally ? await this.send(tally, 1) : await this.store.add(limit, 1));
  }

  /** Sends the pending hits of every counter that has some; the timer calls it every sync interval. */
  async flush(): Promise<void> {
    const sends: Array<Promise<unknown>> = [];
    for (const tally of this.dirty) {
      // The previous call is still out (a slow store): these go with the next one.
      if (tally.inFlight === 0) sends.push(this.send(tally, 0));
    }
    const now = this.now();
    if (now >= this.nextSweepAt) this.sweep(now);
    await Promise.all(sends);
  }

  private farFromLimit(tally: Tally): boolean {
    const after = tally.known + tally.inFlight + tally.pending + 1;
    return after <= this.options.fraction * tally.limit.limit && tally.limit.limit - after >= this.options.minHeadroom;
  }

  private countLocally(tally: Tally, admitted: boolean, resetMs: number): CountedHit {
    tally.pending += 1;
    this.dirty.add(tally);
    return { admitted, totalHits: tally.known + tally.inFlight + tally.pending, limit: tally.limit.limit, resetMs, local: true };
  }

  /**
   * Sends the pending hits plus `extra`, and applies the reply unless a newer one was applied first, or it was
   * counted in the process (which says nothing of the shared total).
   */
  private async send(tally: Tally, extra: number): Promise<CountedRecord | undefined> {
    const hits = tally.pending + extra;
    tally.pending = 0;
    this.dirty.delete(tally);
    tally.inFlight += hits;
    const sequence = ++tally.sent;
    const record = await this.store.add(tally.limit, hits);
    tally.inFlight -= hits;
    if (record?.shared && sequence > tally.applied) {
      const now = this.now();
      tally.applied = sequence;
      tally.known = record.totalHits;
      tally.windowEndsAt = now + record.windowResetMs;
      tally.blockedUntil = record.blockedForMs > 0 ? now + record.blockedForMs : 0;
    }
    return record;
  }

  private sweep(now: number): void {
    this.nextSweepAt = now + SWEEP_INTERVAL_MS;
    for (const [id, tally] of this.tallies) {
      if (tally.pending === 0 && tally.inFlight === 0 && tally.windowEndsAt <= now && tally.blockedUntil <= now) this.tallies.delete(id);
    }
  }
}

function verdict(record: CountedRecord | undefined): CountedHit | undefined {
  if (!record) return undefined;
  const blocked = record.blockedForMs > 0;
  return {
    admitted: !blocked,
    totalHits: record.totalHits,
    limit: record.limit,
    resetMs: blocked ? record.blockedForMs : record.windowResetMs,
    local: false,
  };
}
