import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IdempotencyStore } from '../../src/common/idempotency/idempotency.store';
import { bootApp } from '../harness/app';
import { waitFor } from '../harness/free-port';

/** The compare-and-set contract of the store, against the real table (the unit tests cover the interceptor on a fake). */
describe('PostgreSQL idempotency store', () => {
  let app: NestFastifyApplication;
  let sut: IdempotencyStore;

  beforeAll(async () => {
    app = await bootApp();
    sut = app.get(IdempotencyStore);
  });

  afterAll(async () => {
    await app?.close();
  });

  const freshKey = () => `test:${randomUUID()}`;

  it('claims a free key once, then reports its holder', async () => {
    const key = freshKey();
    expect(await sut.claim(key, 'first', 60_000)).toBeUndefined();
    expect(await sut.claim(key, 'second', 60_000)).toBe('first');
  });

  it('gives a key to exactly one of many simultaneous claims', async () => {
    const key = freshKey();
    const values = Array.from({ length: 20 }, (_, index) => `claim-${index}`);
    const results = await Promise.all(values.map((value) => sut.claim(key, value, 60_000)));
    const winners = values.filter((_, index) => results[index] === undefined);
    expect(winners).toHaveLength(1);
    expect(new Set(results.filter((result) => result !== undefined))).toEqual(new Set(winners));
  });

  it('lets an expired claim be taken over', async () => {
    const key = freshKey();
    await sut.claim(key, 'crashed', 50);
    const taken = await waitFor(async () => (await sut.claim(key, 'next', 60_000)) === undefined, { what: 'the claim to expire' });
    expect(taken).toBe(true);
    expect(await sut.claim(key, 'third', 60_000)).toBe('next');
    expect(await sut.replace(key, 'crashed', 'late', 60_000)).toBe(false);
  });

  it('replaces and releases only the value it expects', async () => {
    const key = freshKey();
    await sut.claim(key, 'claim', 60_000);
    expect(await sut.replace(key, 'other', 'done', 60_000)).toBe(false);
    expect(await sut.replace(key, 'claim', 'done', 60_000)).toBe(true);
    await sut.release(key, 'claim');
    expect(await sut.claim(key, 'again', 60_000)).toBe('done');
    await sut.release(key, 'done');
    expect(await sut.claim(key, 'again', 60_000)).toBeUndefined();
  });
});
