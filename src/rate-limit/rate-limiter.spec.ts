import type { FastifyReply } from 'fastify';
import { Logger } from '@nestjs/common';
import { register } from 'prom-client';
import { FallbackStorage } from './fallback-storage';
import { RateLimitCounter } from './rate-limit-counter';
import { MemoryRateLimitStore, type KeyedLimit } from './rate-limit-store';
import { RateLimiter } from './rate-limiter';

const rejections = async (policy: string) => {
  const { values } = await register.getSingleMetric('rate_limit_rejections_total')!.get();
  return values.find((value) => value.labels.policy === policy)?.value;
};
const reply = () => ({ header: jest.fn() }) as unknown as FastifyReply;

describe(RateLimiter.name, () => {
  const limit: KeyedLimit = { key: 'k:203.0.113.7', policy: 'credentials-ip', limit: 2, windowMs: 60_000, blockMs: 60_000 };
  let sut: RateLimiter;

  beforeEach(() => {
    const counter = new RateLimitCounter(
      new FallbackStorage({ shared: new MemoryRateLimitStore(), local: new MemoryRateLimitStore(), timeoutMs: 50, outageInstances: 1, keyPrefix: '' }),
      { syncIntervalMs: 100, fraction: 0, minHeadroom: 0 },
    );
    sut = new RateLimiter(counter);
  });

  it('exposes a zero rejection count for every policy before any refusal', async () => {
    for (const policy of ['global', 'user', 'credentials-ip', 'credentials-email']) expect(await rejections(policy)).toBe(0);
  });

  it('counts each refused request once per policy, however often it is asked about', async () => {
    const before = (await rejections('credentials-ip'))!;
    for (let i = 0; i < 2; i++) expect(await sut.count({}, reply(), limit)).toBeUndefined();
    const refused = {};
    expect((await sut.count(refused, reply(), limit))?.getStatus()).toBe(429);
    expect((await sut.count(refused, reply(), limit))?.getStatus()).toBe(429);
    expect(await rejections('credentials-ip')).toBe(before + 1);
    await sut.count({}, reply(), limit);
    expect(await rejections('credentials-ip')).toBe(before + 2);
    expect(await rejections('global')).toBe(0);
  });

  it('advertises and enforces this instance’s share while Redis is unreachable, the 429 with the same headers', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const storage = new FallbackStorage({
      shared: { add: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')) },
      local: new MemoryRateLimitStore(),
      timeoutMs: 50,
      outageInstances: 2,
      keyPrefix: '',
    });
    const outage = new RateLimiter(new RateLimitCounter(storage, { syncIntervalMs: 100, fraction: 0, minHeadroom: 0 }));
    const first = reply();
    expect(await outage.count({}, first, { ...limit, limit: 4 })).toBeUndefined();
    expect(first.header).toHaveBeenCalledWith('ratelimit-policy', '"credentials-ip";q=2;w=60');
    expect(first.header).toHaveBeenCalledWith('ratelimit', '"credentials-ip";r=1;t=60');
    await outage.count({}, reply(), { ...limit, limit: 4 });

    const last = reply();
    const refusal = await outage.count({}, last, { ...limit, limit: 4 });
    expect(refusal?.getStatus()).toBe(429);
    expect(refusal?.problem.headers).toEqual({ 'retry-after': '60' });
    expect(last.header).toHaveBeenCalledWith('ratelimit', '"credentials-ip";r=0;t=60');
    storage.close();
    warn.mockRestore();
  });
});
