import { Logger } from '@nestjs/common';
import { FallbackStorage, RETRY_AFTER_FAILURE_MS } from './fallback-storage';
import { MAX_TALLIES, RateLimitCounter, type LocalTallyOptions } from './rate-limit-counter';
import { MemoryRateLimitStore, type KeyedLimit } from './rate-limit-store';

const WINDOW_MS = 60_000;
const limitOf = (limit: number, key = '203.0.113.7'): KeyedLimit => ({ key, policy: 'global', limit, windowMs: WINDOW_MS, blockMs: WINDOW_MS });
const OPTIONS: LocalTallyOptions = { fraction: 0.5, minHeadroom: 10, syncIntervalMs: 100 };

describe(RateLimitCounter.name, () => {
  let now: number;
  let shared: MemoryRateLimitStore;
  let add: jest.SpyInstance;
  const clock = () => now;
  /** An instance: its own tallies in front of the one shared store, and its own counters for when that fails (two instances). */
  const instance = (options: Partial<LocalTallyOptions> = {}) =>
    new RateLimitCounter(
      new FallbackStorage({ shared, local: new MemoryRateLimitStore(clock), timeoutMs: 50, outageInstances: 2, keyPrefix: '' }),
      { ...OPTIONS, ...options },
      clock,
    );

  beforeEach(() => {
    now = 1_000_000;
    shared = new MemoryRateLimitStore(clock);
    add = jest.spyOn(shared, 'add');
  });

  afterEach(() => jest.restoreAllMocks());

  /** The shared total, read by adding 0 hits past the spy. */
  const sharedTotal = async (limit: KeyedLimit) => (await MemoryRateLimitStore.prototype.add.call(shared, limit, 0)).totalHits;
  const hits = async (sut: RateLimitCounter, limit: KeyedLimit, count: number) => {
    const results = [];
    for (let i = 0; i < count; i++) results.push(await sut.hit(limit));
    return results;
  };

  it('asks the store for the first hit of a window, admits later ones far from the limit locally and sends them in one batch', async () => {
    const sut = instance();
    const limit = limitOf(1_000);

    await expect(sut.hit(limit)).resolves.toEqual({ admitted: true, totalHits: 1, limit: 1_000, resetMs: WINDOW_MS, local: false });
    now += 1_000;
    const later = await hits(sut, limit, 99);
    expect(later.every((hit) => hit?.admitted && hit.local)).toBe(true);
    expect(later.at(-1)).toEqual({ admitted: true, totalHits: 100, limit: 1_000, resetMs: WINDOW_MS - 1_000, local: true });
    expect(add).toHaveBeenCalledTimes(1);

    await sut.flush();
    expect(add).toHaveBeenCalledTimes(2);
    expect(add).toHaveBeenLastCalledWith(limit, 99);
    expect(await sharedTotal(limit)).toBe(100);
    // Nothing pending: nothing sent.
    await sut.flush();
    expect(add).toHaveBeenCalledTimes(2);
  });

  it('counts every hit at the store once within fraction × limit of it, and refuses exactly past the limit', async () => {
    const sut = instance();
    const limit = limitOf(100);
    await hits(sut, limit, 50);
    expect(add).toHaveBeenCalledTimes(1);

    // 51st: the pending 49 go with it, and from here on each hit waits for the store.
    const near = await hits(sut, limit, 50);
    expect(near.every((hit) => hit?.admitted && !hit.local)).toBe(true);
    expect(near.map((hit) => hit!.totalHits)).toEqual(Array.from({ length: 50 }, (_, i) => 51 + i));
    expect(add).toHaveBeenCalledTimes(51);
    expect(add.mock.calls[1][1]).toBe(50);

    await expect(sut.hit(limit)).resolves.toEqual({ admitted: false, totalHits: 101, limit: 100, resetMs: WINDOW_MS, local: false });
  });

  it('counts small limits exactly: every hit asks the store while fewer than minHeadroom requests would remain', async () => {
    const sut = instance({ fraction: 0.9, minHeadroom: 10 });
    const results = await hits(sut, limitOf(6), 7);
    expect(results.map((hit) => [hit!.admitted, hit!.local])).toEqual([...Array(6).fill([true, false]), [false, false]]);
    expect(add).toHaveBeenCalledTimes(7);
  });

  it('counts the exact policies at the store on every hit, however large the limit', async () => {
    const sut = instance({ exactPolicies: new Set(['credentials-ip']) });
    await hits(sut, { ...limitOf(1_000), policy: 'credentials-ip' }, 5);
    expect(add).toHaveBeenCalledTimes(5);
  });

  it('answers a known block locally until it ends, still sending those hits, then counts a new window', async () => {
    const sut = instance();
    const limit = limitOf(20);
    await hits(sut, limit, 20);
    now += 5_000;
    expect((await sut.hit(limit))!.admitted).toBe(false);
    const calls = add.mock.calls.length;

    now += 1_000;
    await expect(sut.hit(limit)).resolves.toEqual({ admitted: false, totalHits: 22, limit: 20, resetMs: WINDOW_MS - 1_000, local: true });
    expect(add).toHaveBeenCalledTimes(calls);
    await sut.flush();
    expect(add).toHaveBeenLastCalledWith(limit, 1);

    now += WINDOW_MS;
    await expect(sut.hit(limit)).resolves.toEqual({ admitted: true, totalHits: 1, limit: 20, resetMs: WINDOW_MS, local: false });
  });

  it('notices within one sync interval a block lifted in the store (keys deleted)', async () => {
    const sut = instance();
    const limit = limitOf(20);
    await hits(sut, limit, 21);
    shared = new MemoryRateLimitStore(clock);
    // The store behind the counter is replaced by an empty one, as after `DEL` of both keys.
    add.mockImplementation((counted: KeyedLimit, count: number) => MemoryRateLimitStore.prototype.add.call(shared, counted, count));

    expect((await sut.hit(limit))!.admitted).toBe(false);
    await sut.flush();
    const next = await sut.hit(limit);
    expect(next).toMatchObject({ admitted: true, totalHits: 2 });
  });

  it('learns the hits of other instances from the store at each sync', async () => {
    const [a, b] = [instance(), instance()];
    const limit = limitOf(1_000);
    await hits(a, limit, 10);
    await hits(b, limit, 10);
    await Promise.all([a.flush(), b.flush()]);
    expect(await sharedTotal(limit)).toBe(20);

    // b's sync came after a's, so b knows all 20; a learns them at its next one.
    expect((await b.hit(limit))!.totalHits).toBe(21);
    expect((await a.hit(limit))!.totalHits).toBe(12);
    await Promise.all([a.flush(), b.flush()]);
    expect((await a.hit(limit))!.totalHits).toBeGreaterThanOrEqual(22);
    await Promise.all([a.flush(), b.flush()]);
    expect(await sharedTotal(limit)).toBe(23);
  });

  it('lets instances unaware of each other admit at most limit + (n − 1) × share (the local share, 50 here), then refuses everywhere', async () => {
    const instances = [instance(), instance(), instance()];
    const limit = limitOf(100);
    let admitted = 0;
    // The worst case: each instance bursts through its local share before any sync, then one goes on exactly.
    for (const sut of instances) admitted += (await hits(sut, limit, 50)).filter((hit) => hit!.admitted).length;
    admitted += (await hits(instances[0], limit, 100)).filter((hit) => hit!.admitted).length;

    expect(admitted).toBeGreaterThan(100);
    expect(admitted).toBeLessThanOrEqual(100 + 2 * 50);
    await Promise.all(instances.map((sut) => sut.flush()));
    for (const sut of instances) expect((await sut.hit(limit))!.admitted).toBe(false);
  });

  it('counts every hit in the process while the store fails, pending ones included, at its share of the limit; tallies again once it answers', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const sut = instance();
    const limit = limitOf(100);
    await hits(sut, limit, 5);

    add.mockRejectedValue(new Error('Connection is closed.'));
    await sut.flush();
    expect(warn).toHaveBeenCalledTimes(1);
    // The 4 pending hits went to the process: 46 more reach this instance's share (100 / 2), the next is refused.
    const during = await hits(sut, limit, 47);
    expect(during.slice(0, 46).every((hit) => hit!.admitted && !hit!.local && hit!.limit === 50)).toBe(true);
    expect(during[46]).toMatchObject({ admitted: false, totalHits: 51, limit: 50, local: false });
    expect(add).toHaveBeenCalledTimes(2);
    expect(await sharedTotal(limit)).toBe(1);

    add.mockImplementation((counted: KeyedLimit, count: number) => MemoryRateLimitStore.prototype.add.call(shared, counted, count));
    await jest.advanceTimersByTimeAsync(RETRY_AFTER_FAILURE_MS);
    expect(log).toHaveBeenCalledTimes(1);
    // Back on the shared counter, which knows only what reached it (1); far from the limit, tallied locally.
    await expect(sut.hit(limit)).resolves.toEqual({ admitted: true, totalHits: 2, limit: 100, resetMs: WINDOW_MS, local: true });
    await sut.flush();
    expect(await sharedTotal(limit)).toBe(2);
    jest.useRealTimers();
  });

  it('with fraction 0, asks the store for every hit', async () => {
    const sut = instance({ fraction: 0 });
    await hits(sut, limitOf(1_000), 10);
    expect(add).toHaveBeenCalledTimes(10);
    expect(sut.size).toBe(0);
  });

  it('forgets counters whose window and block are over, and tallies at most MAX_TALLIES counters', async () => {
    const sut = instance();
    await sut.hit(limitOf(1_000, 'a'));
    await sut.hit(limitOf(1_000, 'b'));
    now += WINDOW_MS / 2;
    await sut.hit(limitOf(1_000, 'b'));
    await sut.flush();
    expect(sut.size).toBe(2);
    now += WINDOW_MS / 2;
    await sut.flush();
    expect(sut.size).toBe(0);

    expect(MAX_TALLIES).toBeGreaterThan(1_000);
  });

  it('sends what is pending when the application stops, then counts every hit at the store', async () => {
    const sut = instance();
    const limit = limitOf(1_000);
    await hits(sut, limit, 10);
    await sut.beforeApplicationShutdown();
    expect(await sharedTotal(limit)).toBe(10);
    await expect(sut.hit(limit)).resolves.toMatchObject({ totalHits: 11, local: false });
  });
});
