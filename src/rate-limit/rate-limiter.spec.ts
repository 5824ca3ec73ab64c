import type { FastifyReply } from 'fastify';
import { register } from 'prom-client';
import { FailOpenStorage } from './fail-open-storage';
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
    const counter = new RateLimitCounter(new FailOpenStorage(new MemoryRateLimitStore(), 50), { syncIntervalMs: 100, fraction: 0, minHeadroom: 0 });
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
});
