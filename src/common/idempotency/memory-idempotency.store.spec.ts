import { MemoryIdempotencyStore } from './memory-idempotency.store';

describe(MemoryIdempotencyStore.name, () => {
  let now: number;
  let sut: MemoryIdempotencyStore;

  beforeEach(() => {
    now = 1_000_000;
    sut = new MemoryIdempotencyStore(() => now);
  });

  it('claims a free key once, then reports its holder', async () => {
    expect(await sut.claim('k', 'first', 1_000)).toBeUndefined();
    expect(await sut.claim('k', 'second', 1_000)).toBe('first');
  });

  it('frees a key when its claim expires', async () => {
    await sut.claim('k', 'first', 1_000);
    now += 1_000;
    expect(await sut.claim('k', 'second', 1_000)).toBeUndefined();
    expect(await sut.claim('k', 'third', 1_000)).toBe('second');
  });

  it('replaces only the value it expects, with a new expiry', async () => {
    await sut.claim('k', 'claim', 1_000);
    expect(await sut.replace('k', 'other', 'done', 5_000)).toBe(false);
    expect(await sut.replace('k', 'claim', 'done', 5_000)).toBe(true);
    now += 4_000;
    expect(await sut.claim('k', 'late', 1_000)).toBe('done');
  });

  it('does not replace an expired claim that someone else has taken since', async () => {
    await sut.claim('k', 'mine', 1_000);
    now += 2_000;
    await sut.claim('k', 'theirs', 1_000);
    expect(await sut.replace('k', 'mine', 'done', 5_000)).toBe(false);
    expect(await sut.claim('k', 'x', 1_000)).toBe('theirs');
  });

  it('releases only the value it expects', async () => {
    await sut.claim('k', 'claim', 1_000);
    await sut.release('k', 'other');
    expect(await sut.claim('k', 'x', 1_000)).toBe('claim');
    await sut.release('k', 'claim');
    expect(await sut.claim('k', 'x', 1_000)).toBeUndefined();
  });

  it('sweeps expired entries so the map does not grow without bound', async () => {
    for (let i = 0; i < 100; i++) await sut.claim(`k${i}`, 'v', 1_000);
    expect(sut.size).toBe(100);
    now += 60_000;
    await sut.claim('fresh', 'v', 1_000);
    expect(sut.size).toBe(1);
  });
});
