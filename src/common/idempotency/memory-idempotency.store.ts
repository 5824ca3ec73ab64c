import { IdempotencyStore } from './idempotency.store';

/** How often, at most, expired entries are swept from the in-process map. */
const SWEEP_INTERVAL_MS = 60_000;

/** Records in a map, for unit tests of the interceptor: the service keeps them in PostgreSQL. */
export class MemoryIdempotencyStore extends IdempotencyStore {
  readonly kind = 'this process';
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  private nextSweep = 0;

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  async claim(key: string, value: string, ttlMs: number): Promise<string | undefined> {
    this.sweep();
    const current = this.get(key);
    if (current !== undefined) return current;
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    return undefined;
  }

  async replace(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.get(key) !== expected) return false;
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    return true;
  }

  async release(key: string, expected: string): Promise<void> {
    if (this.get(key) === expected) this.entries.delete(key);
  }

  /** Entries held, expired ones included until the next sweep (for tests). */
  get size(): number {
    return this.entries.size;
  }

  private get(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  // Lazily, on writes: no timer to keep the process alive or to clear at shutdown.
  private sweep(): void {
    const now = this.now();
    if (now < this.nextSweep) return;
    this.nextSweep = now + SWEEP_INTERVAL_MS;
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
