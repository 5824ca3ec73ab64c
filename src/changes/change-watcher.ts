import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { gauge } from '../metrics/metric-registry';
import { ChangeEventsRepository } from './change-events.repository';
import { ChangeSignal } from './change-signal';

/** How often the newest position is read while a consumer waits: a change reaches it within this (plus a query). */
export const WATCH_INTERVAL_MS = 200;

const waiters = gauge({ name: 'change_feed_waiters', help: 'Change-feed requests waiting (long polling) for the next change' });

interface Waiter {
  after: bigint;
  wake: () => void;
}

/**
 * Long polling without each consumer polling: while anyone waits, one loop per instance reads the newest committed
 * position and wakes the waiters it passed. A poll rather than LISTEN/NOTIFY: no extra connection to keep across a
 * failover, and commits on every instance are seen alike; one indexed single-row read per interval while waiting.
 */
@Injectable()
export class ChangeWatcher implements OnApplicationShutdown {
  private readonly logger = new Logger(ChangeWatcher.name);
  private readonly waiting = new Set<Waiter>();
  private timer?: NodeJS.Timeout;
  private failing = false;

  private readonly stopListening: () => void;

  constructor(
    private readonly events: ChangeEventsRepository,
    signal: ChangeSignal,
  ) {
    // A commit in this process: look now rather than at the next interval.
    this.stopListening = signal.onCommitted(() => {
      if (!this.waiting.size) return;
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.poll();
    });
  }

  /** Resolves once a change after `after` has committed, after `timeoutMs`, or when `signal` aborts. */
  waitForChangeAfter(after: bigint, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const waiter: Waiter = { after, wake: () => done() };
      const timeout = setTimeout(() => done(), timeoutMs);
      const done = () => {
        clearTimeout(timeout);
        signal?.removeEventListener('abort', done);
        if (this.waiting.delete(waiter)) waiters.dec();
        resolve();
      };
      signal?.addEventListener('abort', done);
      this.waiting.add(waiter);
      waiters.inc();
      this.schedule();
    });
  }

  onApplicationShutdown(): void {
    this.stopListening();
    clearTimeout(this.timer);
    for (const waiter of [...this.waiting]) waiter.wake();
  }

  private schedule(): void {
    if (this.timer || !this.waiting.size) return;
    this.timer = setTimeout(() => void this.poll(), WATCH_INTERVAL_MS);
  }

  private async poll(): Promise<void> {
    try {
      const newest = BigInt((await this.events.bounds()).lastPosition);
      if (this.failing) this.logger.log('Change feed position readable again');
      this.failing = false;
      for (const waiter of [...this.waiting]) if (newest > waiter.after) waiter.wake();
    } catch (error) {
      // The waiters' requests answer at their timeout; the next poll may succeed.
      if (!this.failing) this.logger.warn(`Cannot read the change feed position: ${error instanceof Error ? error.message : String(error)}`);
      this.failing = true;
    } finally {
      this.timer = undefined;
      this.schedule();
    }
  }
}
