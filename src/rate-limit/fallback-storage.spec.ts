import { Logger } from '@nestjs/common';
import { register } from 'prom-client';
import {
  FallbackStorage,
  FLAPPING_WITHIN_MS,
  MAX_RETRY_AFTER_FAILURE_MS,
  outageShare,
  RETRY_AFTER_FAILURE_MS,
  type FallbackStorageOptions,
} from './fallback-storage';
import { MemoryRateLimitStore, type KeyedLimit, type RateLimitRecord } from './rate-limit-store';

const RECORD: RateLimitRecord = { totalHits: 1, windowResetMs: 60_000, blockedForMs: 0 };
const LIMIT: KeyedLimit = { key: 'catalog:rate-limit:credentials-ip:203.0.113.7', policy: 'credentials-ip', limit: 10, windowMs: 60_000, blockMs: 60_000 };

const storeShared = async () => (await register.getSingleMetric('rate_limit_store_shared')!.get()).values[0]?.value;

/** A promise settled from outside: a store call still out. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((ok, fail) => ((resolve = ok), (reject = fail)));
  return { promise, resolve, reject };
}

describe(FallbackStorage.name, () => {
  let add: jest.Mock;
  let local: MemoryRateLimitStore;
  let warn: jest.SpyInstance;
  let log: jest.SpyInstance;
  let sut: FallbackStorage;
  const create = (options: Partial<FallbackStorageOptions> = {}) =>
    new FallbackStorage({ shared: { add }, local, timeoutMs: 50, outageInstances: 3, keyPrefix: 'catalog:', ...options });

  beforeEach(() => {
    add = jest.fn().mockResolvedValue(RECORD);
    local = new MemoryRateLimitStore();
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    sut = create();
  });

  afterEach(() => {
    sut.close();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  const hits = async (count: number) => {
    const records = [];
    for (let i = 0; i < count; i++) records.push(await sut.add(LIMIT, 1));
    return records;
  };

  it('counts in the shared store while it answers', async () => {
    await expect(sut.add(LIMIT, 3)).resolves.toEqual({ ...RECORD, limit: 10, shared: true });
    expect(add).toHaveBeenCalledWith(LIMIT, 3);
    expect(sut.shared).toBe(true);
    expect(local.size).toBe(0);
    expect(await storeShared()).toBe(1);
  });

  it('on a failure counts in the process at once, that call included, at this instance’s share of the limit; warns once', async () => {
    add.mockRejectedValue(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    const records = await hits(4);

    // ⌊10 / 3⌋ = 3 here; the shared store was asked once.
    expect(records.map((record) => [record!.totalHits, record!.blockedForMs > 0, record!.limit, record!.shared])).toEqual([
      [1, false, 3, false],
      [2, false, 3, false],
      [3, false, 3, false],
      [4, true, 3, false],
    ]);
    expect(add).toHaveBeenCalledTimes(1);
    expect(sut.shared).toBe(false);
    expect(await storeShared()).toBe(0);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/unavailable \(connect ECONNREFUSED 127\.0\.0\.1:6379\); counting in this process \(each limit at 1\/3 of it\)/);
  });

  it('shares each limit between the instances, rounding down but never below 1', () => {
    expect(outageShare(300, 1)).toBe(300);
    expect(outageShare(300, 4)).toBe(75);
    expect(outageShare(10, 3)).toBe(3);
    expect(outageShare(5, 8)).toBe(1);
  });

  it('does not wait for a store that hangs', async () => {
    add.mockReturnValue(new Promise(() => undefined));
    const started = Date.now();
    await expect(sut.add(LIMIT, 1)).resolves.toMatchObject({ totalHits: 1, shared: false });
    expect(Date.now() - started).toBeLessThan(500);
    expect(warn.mock.calls[0][0]).toMatch(/Timed out after 50 ms/);
  });

  it('tries the store again only in the background, one probe per RETRY_AFTER_FAILURE_MS, and counts there again after the first success', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
    add.mockRejectedValue(new Error('Connection is closed.'));
    await sut.add(LIMIT, 1);
    add.mockClear();

    await hits(20);
    await jest.advanceTimersByTimeAsync(RETRY_AFTER_FAILURE_MS - 1);
    expect(add).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(add).toHaveBeenCalledTimes(1);
    // The probe: the same script, 0 hits on a counter of its own that lives a second.
    expect(add).toHaveBeenCalledWith({ key: 'catalog:rate-limit:store-probe', policy: 'probe', limit: 1, windowMs: 1_000, blockMs: 1_000 }, 0);
    await jest.advanceTimersByTimeAsync(RETRY_AFTER_FAILURE_MS);
    expect(add).toHaveBeenCalledTimes(2);
    expect(sut.shared).toBe(false);

    add.mockResolvedValue(RECORD);
    await jest.advanceTimersByTimeAsync(RETRY_AFTER_FAILURE_MS);
    expect(sut.shared).toBe(true);
    expect(await storeShared()).toBe(1);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0][0]).toMatch(/reachable again/);
    await expect(sut.add(LIMIT, 1)).resolves.toEqual({ ...RECORD, limit: 10, shared: true });
    // No probe once it answers.
    add.mockClear();
    await jest.advanceTimersByTimeAsync(5 * RETRY_AFTER_FAILURE_MS);
    expect(add).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);

    add.mockRejectedValue(new Error('Command timed out'));
    await sut.add(LIMIT, 1);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(sut.shared).toBe(false);
  });

  it('ignores the failure of a call made before the latest switch: it says nothing about the store now', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
    sut = create({ timeoutMs: 60_000 });
    const slow = deferred<RateLimitRecord>();
    add.mockReturnValueOnce(slow.promise).mockRejectedValueOnce(new Error('Connection is closed.'));
    const early = sut.add(LIMIT, 1);
    await sut.add(LIMIT, 1);
    expect(sut.shared).toBe(false);

    await jest.advanceTimersByTimeAsync(RETRY_AFTER_FAILURE_MS);
    expect(sut.shared).toBe(true);
    slow.reject(new Error('Connection is closed.'));
    await expect(early).resolves.toMatchObject({ shared: false });
    expect(sut.shared).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('waits twice as long before each probe while the store fails again right after answering, up to a cap', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
    sut = create();
    const fail = new Error('CLUSTERDOWN The cluster is down');
    /** One flap: a failing call, then the number of ms until the probe that finds the store again. */
    const flap = async () => {
      add.mockRejectedValueOnce(fail);
      await sut.add(LIMIT, 1);
      expect(sut.shared).toBe(false);
      let waited = 0;
      while (!sut.shared) {
        await jest.advanceTimersByTimeAsync(RETRY_AFTER_FAILURE_MS);
        waited += RETRY_AFTER_FAILURE_MS;
      }
      return waited;
    };
    const waits = [];
    for (let i = 0; i < 7; i++) waits.push(await flap());
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, MAX_RETRY_AFTER_FAILURE_MS, MAX_RETRY_AFTER_FAILURE_MS]);

    // Steady for FLAPPING_WITHIN_MS: the next outage is probed every second again.
    await jest.advanceTimersByTimeAsync(FLAPPING_WITHIN_MS);
    expect(await flap()).toBe(RETRY_AFTER_FAILURE_MS);
  });

  it('stops probing when closed', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
    add.mockRejectedValue(new Error('Connection is closed.'));
    await sut.add(LIMIT, 1);
    sut.close();
    await jest.advanceTimersByTimeAsync(5 * RETRY_AFTER_FAILURE_MS);
    expect(add).toHaveBeenCalledTimes(1);
  });

  it('without a shared store counts every hit in the process at the full limit, silently', async () => {
    sut = create({ shared: undefined });
    expect(await storeShared()).toBe(0);
    const records = await hits(11);
    expect(records.at(-2)).toMatchObject({ totalHits: 10, blockedForMs: 0, limit: 10, shared: false });
    expect(records.at(-1)!.blockedForMs).toBeGreaterThan(0);
    expect(warn).not.toHaveBeenCalled();
  });

  it('leaves hits on new counters uncounted while the process holds its maximum of counters', async () => {
    local = new MemoryRateLimitStore(Date.now, 2);
    sut = create({ shared: undefined });
    await sut.add({ ...LIMIT, key: 'a' }, 1);
    await sut.add({ ...LIMIT, key: 'b' }, 1);
    await expect(sut.add({ ...LIMIT, key: 'c' }, 1)).resolves.toBeUndefined();
    await expect(sut.add({ ...LIMIT, key: 'a' }, 1)).resolves.toMatchObject({ totalHits: 2 });
  });
});
