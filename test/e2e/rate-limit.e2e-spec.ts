import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bootApp } from '../harness/app';
import { waitFor } from '../harness/free-port';
import { RedisServer } from '../harness/redis-server';
import { REDIS_CLIENT } from '../../src/redis/redis.constants';
import { AppWithRateLimitFixturesModule, TEST_USER_HEADER } from './rate-limit.fixtures';

const PLAIN = '/api/v1/rate-limit-fixtures/plain';
const LOGIN = '/api/v1/rate-limit-fixtures/login';
const PROBE = '/api/v1/rate-limit-fixtures/probe';

// Small limits so a test reaches them in a few requests; each test uses its own client addresses.
const LIMITS = {
  RATE_LIMIT_GLOBAL_LIMIT: '6',
  RATE_LIMIT_GLOBAL_WINDOW_SECONDS: '60',
  RATE_LIMIT_USER_LIMIT: '3',
  RATE_LIMIT_CREDENTIALS_IP_LIMIT: '4',
  RATE_LIMIT_CREDENTIALS_EMAIL_LIMIT: '3',
};

const get = (app: NestFastifyApplication, ip: string, url = PLAIN, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, remoteAddress: ip, headers });
const login = (app: NestFastifyApplication, ip: string, email: string) => app.inject({ method: 'POST', url: LOGIN, remoteAddress: ip, payload: { email } });

describe('Rate limits shared through Redis', () => {
  // A Redis of this file's own, so these counters do not touch other test files.
  let redis: RedisServer;
  let first: NestFastifyApplication;
  let second: NestFastifyApplication;

  beforeAll(async () => {
    redis = await RedisServer.start();
    const env = { ...LIMITS, REDIS_URL: redis.url, CORS_ALLOWED_ORIGINS: 'http://shop.test' };
    first = await bootApp({ env, module: AppWithRateLimitFixturesModule });
    second = await bootApp({ env, module: AppWithRateLimitFixturesModule });
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await redis?.stop();
  });

  it('reaches the limit at the shared total of two instances, each having seen only half', async () => {
    const ip = '198.51.100.1';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await get(i % 2 ? second : first, ip)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);

    expect((await get(first, ip)).statusCode).toBe(429);
    expect((await get(second, ip)).statusCode).toBe(429);
    expect((await get(second, '198.51.100.2')).statusCode).toBe(200);
  });

  it('advertises the limit with decreasing remaining, then answers 429 problem+json with Retry-After', async () => {
    const ip = '198.51.100.10';
    const one = await get(first, ip, PLAIN, { origin: 'http://shop.test' });
    expect(one.headers['ratelimit-policy']).toBe('"global";q=6;w=60');
    expect(one.headers['ratelimit']).toMatch(/^"global";r=5;t=(59|60)$/);
    expect(String(one.headers['access-control-expose-headers'])).toMatch(/RateLimit, RateLimit-Policy/);
    const two = await get(second, ip);
    expect(two.headers['ratelimit']).toMatch(/^"global";r=4;t=\d+$/);

    for (let i = 0; i < 4; i++) await get(first, ip);
    const refused = await get(second, ip);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers['ratelimit']).toBe(`"global";r=0;t=${retryAfter}`);
    expect(refused.json()).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS', title: 'Too Many Requests', instance: PLAIN });
    expect(refused.json().detail).toMatch(/"global" exceeded/);
  });

  it('limits credential attempts per account, whatever the address they come from', async () => {
    const email = 'victim@example.com';
    const statuses: number[] = [];
    // Differently written, the same account: the email is lower-cased (and trimmed) before counting.
    for (const [i, written] of [email, 'Victim@Example.com', 'VICTIM@example.COM', email].entries()) {
      statuses.push((await login(i % 2 ? second : first, `203.0.113.${10 + i}`, written)).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await login(first, '203.0.113.99', email);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['ratelimit']).toMatch(/^"credentials-email";r=0;t=\d+/);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);

    expect((await login(first, '203.0.113.99', 'someone-else@example.com')).statusCode).toBe(200);
  });

  it('limits credential attempts per address across accounts, and keeps no email in Redis', async () => {
    const ip = '203.0.113.200';
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await login(i % 2 ? second : first, ip, `user${i}@example.com`)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200]);
    const refused = await login(second, ip, 'user9@example.com');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['ratelimit']).toMatch(/^"credentials-ip";r=0;t=\d+/);
    expect(refused.headers['ratelimit-policy']).toContain('"credentials-ip";q=4;w=900');
    // The other limits stay unaffected: this address still reaches a plain route.
    expect((await get(first, ip)).statusCode).toBe(200);

    const keys = await first.get<{ keys(pattern: string): Promise<string[]> }>(REDIS_CLIENT).keys('*');
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join('\n')).not.toMatch(/@example\.com/);
    expect(keys.every((key) => key.startsWith('{catalog:rate-limit:'))).toBe(true);
  });

  it('limits an authenticated caller per user id, across addresses', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(i % 2 ? second : first, `192.0.2.${i + 1}`, PLAIN, { [TEST_USER_HEADER]: 'user-1' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await get(first, '192.0.2.50', PLAIN, { [TEST_USER_HEADER]: 'user-1' });
    expect(refused.headers['ratelimit']).toMatch(/^"user";r=0;t=\d+, "global";r=5;t=\d+$/);
    expect((await get(first, '192.0.2.50', PLAIN, { [TEST_USER_HEADER]: 'user-2' })).statusCode).toBe(200);
  });

  it('leaves routes marked @SkipRateLimit() alone', async () => {
    const ip = '198.51.100.77';
    for (let i = 0; i < 8; i++) {
      const response = await get(first, ip, PROBE);
      expect(response.statusCode).toBe(200);
      expect(response.headers['ratelimit']).toBeUndefined();
    }
    expect((await get(first, ip)).headers['ratelimit']).toMatch(/^"global";r=5;/);
  });
});

describe('Rate limits when Redis goes down', () => {
  let redis: RedisServer;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    redis = await RedisServer.start();
    app = await bootApp({ env: { ...LIMITS, REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '300' }, module: AppWithRateLimitFixturesModule });
  });

  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('lets requests through quickly (fail open), warns once, and limits again once Redis is back', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const ip = '198.51.100.150';
    expect((await get(app, ip)).headers['ratelimit']).toMatch(/^"global";r=5;/);

    await redis.stop();
    for (let i = 0; i < 10; i++) {
      const started = Date.now();
      const response = await get(app, ip);
      expect(response.statusCode).toBe(200);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(response.headers['ratelimit']).toBeUndefined();
    }
    const outageWarnings = warn.mock.calls.filter(([message]) => /Rate-limit storage unavailable/.test(String(message)));
    expect(outageWarnings).toHaveLength(1);

    await redis.startProcess();
    const counted = await waitFor(async () => (await get(app, ip)).headers['ratelimit'], { what: 'rate limits to apply again', timeoutMs: 10_000 });
    // The restarted Redis is empty: counting starts afresh.
    expect(counted).toMatch(/^"global";r=\d;/);
    warn.mockRestore();
  });
});

describe('Rate limits without Redis (single instance)', () => {
  let first: NestFastifyApplication;
  let second: NestFastifyApplication;

  beforeAll(async () => {
    const env = { ...LIMITS, REDIS_URL: '', RATE_LIMIT_GLOBAL_LIMIT: '3' };
    first = await bootApp({ env, module: AppWithRateLimitFixturesModule });
    second = await bootApp({ env, module: AppWithRateLimitFixturesModule });
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it('still limits, counting in each process', async () => {
    const ip = '198.51.100.200';
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(first, ip)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await get(first, ip)).headers['retry-after']).toMatch(/^\d+$/);
    // Another process keeps its own counters: the same client starts afresh there.
    const elsewhere = await get(second, ip);
    expect(elsewhere.statusCode).toBe(200);
    expect(elsewhere.headers['ratelimit']).toMatch(/^"global";r=2;t=\d+$/);
  });
});
