import { MemoryRateLimitStore, type KeyedLimit } from './rate-limit-store';

const LIMIT: KeyedLimit = { key: '203.0.113.7', policy: 'global', limit: 3, windowMs: 10_000, blockMs: 20_000 };

describe(MemoryRateLimitStore.name, () => {
  let now: number;
  let sut: MemoryRateLimitStore;

  beforeEach(() => {
    now = 1_000_000;
    sut = new MemoryRateLimitStore(() => now);
  });

  it('counts hits in a fixed window that the first hit opens', async () => {
    await expect(sut.add(LIMIT, 1)).resolves.toEqual({ totalHits: 1, windowResetMs: 10_000, blockedForMs: 0 });
    now += 4_000;
    await expect(sut.add(LIMIT, 2)).resolves.toEqual({ totalHits: 3, windowResetMs: 6_000, blockedForMs: 0 });
    now += 6_000;
    await expect(sut.add(LIMIT, 1)).resolves.toEqual({ totalHits: 1, windowResetMs: 10_000, blockedForMs: 0 });
  });

  it('keeps counters per policy and key', async () => {
    await sut.add(LIMIT, 3);
    await expect(sut.add({ ...LIMIT, policy: 'user' }, 1)).resolves.toMatchObject({ totalHits: 1 });
    await expect(sut.add({ ...LIMIT, key: '203.0.113.8' }, 1)).resolves.toMatchObject({ totalHits: 1 });
  });

  it('blocks for blockMs once over the limit, counting on, whatever the window does', async () => {
    await sut.add(LIMIT, 3);
    now += 1_000;
    await expect(sut.add(LIMIT, 1)).resolves.toEqual({ totalHits: 4, windowResetMs: 9_000, blockedForMs: 20_000 });
    now += 15_000;
    await expect(sut.add(LIMIT, 1)).resolves.toEqual({ totalHits: 1, windowResetMs: 10_000, blockedForMs: 5_000 });
    now += 5_000;
    await expect(sut.add(LIMIT, 1)).resolves.toEqual({ totalHits: 2, windowResetMs: 5_000, blockedForMs: 0 });
  });

  it('blocks when a batch of hits crosses the limit', async () => {
    await expect(sut.add(LIMIT, 5)).resolves.toEqual({ totalHits: 5, windowResetMs: 10_000, blockedForMs: 20_000 });
  });

  it('drops counters whose window and block are over, once a minute', async () => {
    await sut.add(LIMIT, 1);
    await sut.add({ ...LIMIT, key: 'blocked' }, 4);
    now += 60_000;
    await sut.add({ ...LIMIT, key: 'other' }, 1);
    expect(sut.size).toBe(1);
  });

  it('reports itself full for a new counter once it holds maxCounters live ones', async () => {
    sut = new MemoryRateLimitStore(() => now, 2);
    await sut.add(LIMIT, 1);
    expect(sut.isFull({ ...LIMIT, key: 'b' })).toBe(false);
    await sut.add({ ...LIMIT, key: 'b' }, 1);
    expect(sut.isFull({ ...LIMIT, key: 'c' })).toBe(true);
    expect(sut.isFull(LIMIT)).toBe(false);
    // Once a minute the counters whose window is over go, which makes room again.
    now += 60_000;
    await sut.add(LIMIT, 1);
    expect(sut.isFull({ ...LIMIT, key: 'c' })).toBe(false);
  });
});
