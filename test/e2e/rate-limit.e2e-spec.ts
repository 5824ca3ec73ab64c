import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Redis } from 'ioredis';
import { bootApp } from '../harness/app';
import { waitFor } from '../harness/free-port';
import { RedisServer } from '../harness/redis-server';
import { jobsKeyPrefix } from '../../src/jobs/bullmq-housekeeping';
import { REDIS_CLIENT } from '../../src/redis/redis.constants';
import { RateLimitCounter } from '../../src/rate-limit/rate-limit-counter';
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
const redisOf = (app: NestFastifyApplication) => app.get<Redis>(REDIS_CLIENT);
/** The Redis keys of the `global` counter of one address. */
const globalKeys = (ip: string) => [`{catalog:rate-limit:global:${ip}:global}:hits`, `{catalog:rate-limit:global:${ip}:global}:blocked`];

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
    // Besides the housekeeping jobs' queue and the catalog's shared state, Redis holds only rate-limit counters.
    const others = keys.filter((key) => !key.startsWith(jobsKeyPrefix('catalog:')) && key !== 'catalog:catalog:state');
    expect(others.filter((key) => !key.startsWith('{catalog:rate-limit:'))).toEqual([]);
  });

  it('limits an authenticated caller per user id, across addresses', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(i % 2 ? second : first, `192.0.2.${i + 1}`, PLAIN, { [TEST_USER_HEADER]: 'user-1' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await get(first, '192.0.2.50', PLAIN, { [TEST_USER_HEADER]: 'user-1' });
    expect(refused.headers['ratelimit']).toMatch(/^"user";r=0;t=\d+, "global";r=5;t=\d+$/);
    expect((await get(first, '192.0.2.50', PLAIN, { [TEST_USER_HEADER]: 'user-2' })).statusCode).toBe(200);
  });

  it('lifts a block deleted from Redis within one sync interval, on an instance that knew of it', async () => {
    const ip = '198.51.100.40';
    for (let i = 0; i < 6; i++) await get(first, ip);
    expect((await get(first, ip)).statusCode).toBe(429);

    await redisOf(first).del(...globalKeys(ip));
    // This instance still refuses from what it knew; that hit is sent, and the reply shows the block gone.
    expect((await get(first, ip)).statusCode).toBe(429);
    await sleep(300);
    const after = await get(first, ip);
    expect(after.statusCode).toBe(200);
    expect(after.headers['ratelimit']).toMatch(/^"global";r=4;t=\d+$/);
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

describe('Rate limits far from the limit (local tallies in front of Redis)', () => {
  const LIMIT = 1_000;
  let redis: RedisServer;
  let first: NestFastifyApplication;
  let second: NestFastifyApplication;

  beforeAll(async () => {
    redis = await RedisServer.start();
    const env = { ...LIMITS, RATE_LIMIT_GLOBAL_LIMIT: String(LIMIT), REDIS_URL: redis.url };
    first = await bootApp({ env, module: AppWithRateLimitFixturesModule });
    second = await bootApp({ env, module: AppWithRateLimitFixturesModule });
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await redis?.stop();
  });

  /** Counts the rate-limit scripts each instance sends to Redis for one address. */
  function spyOnScripts(ip: string): () => number {
    const spies = [first, second].flatMap((app) => [jest.spyOn(redisOf(app), 'evalsha'), jest.spyOn(redisOf(app), 'eval')]);
    return () => spies.flatMap((spy) => spy.mock.calls).filter((args) => args.some((arg: unknown) => String(arg).includes(ip))).length;
  }

  afterEach(() => jest.restoreAllMocks());

  const sharedCount = async (ip: string) => Number(await redisOf(first).get(globalKeys(ip)[0]));
  /**
   * One request, to the instances in turn. Injected requests that Redis never sees resolve without the event loop
   * ever reaching its timers (no I/O), so yield once per request, as requests arriving on sockets do.
   */
  const spread = async (i: number, ip: string, url = PLAIN) => {
    const answer = await get(i % 2 ? second : first, ip, url);
    await new Promise((resolve) => setImmediate(resolve));
    return answer;
  };

  it('does not ask Redis once per request: 100 requests over two instances cost a few calls, and Redis ends up with all 100', async () => {
    const ip = '198.51.100.60';
    const redisCalls = spyOnScripts(ip);
    for (let i = 0; i < 100; i++) expect((await spread(i, ip)).statusCode).toBe(200);
    // The first request on each instance, then one batch per instance and sync interval.
    expect(redisCalls()).toBeLessThan(25);

    await waitFor(async () => (await sharedCount(ip)) === 100, { what: 'the shared count to reach 100', timeoutMs: 2_000, intervalMs: 20 });
    expect(redisCalls()).toBeLessThan(30);
  });

  it('converges: after requests spread over both instances Redis holds exactly their number, and each instance learns it', async () => {
    const ip = '198.51.100.61';
    let last;
    for (let i = 0; i < 300; i++) {
      last = await spread(i, ip);
      expect(last.statusCode).toBe(200);
    }
    // Remaining as the answering instance saw it: at least its own hits, at most everyone's.
    const remaining = Number(/r=(\d+)/.exec(String(last!.headers['ratelimit']))![1]);
    expect(remaining).toBeGreaterThanOrEqual(LIMIT - 300);
    expect(remaining).toBeLessThanOrEqual(LIMIT - 150);

    await waitFor(async () => (await sharedCount(ip)) === 300, { what: 'the shared count to reach 300', timeoutMs: 2_000, intervalMs: 20 });
    await sleep(250);
    expect(await sharedCount(ip)).toBe(300);
    // An instance learns the total at its next sync, when it has hits to send.
    await get(first, ip);
    await sleep(250);
    expect((await get(first, ip)).headers['ratelimit']).toMatch(new RegExp(`^"global";r=${LIMIT - 302};t=\\d+$`));
  });

  describe('near the limit', () => {
    // Instances of their own, for which Redis never counts as unreachable however slow a call gets on a busy machine:
    // a call past REDIS_COMMAND_TIMEOUT_MS (500 ms by default, which a stalled event loop reaches) switches an instance
    // to counting in its process (fallback-storage.ts, tested in rate-limit-redis-outage.e2e-spec.ts), and what is
    // counted there is not in Redis. And a window longer than the test can take, however slow.
    let apps: NestFastifyApplication[] = [];

    beforeAll(async () => {
      const env = {
        ...LIMITS,
        RATE_LIMIT_GLOBAL_LIMIT: String(LIMIT),
        RATE_LIMIT_GLOBAL_WINDOW_SECONDS: '3600',
        REDIS_URL: redis.url,
        REDIS_COMMAND_TIMEOUT_MS: '30000',
      };
      apps = [await bootApp({ env, module: AppWithRateLimitFixturesModule }), await bootApp({ env, module: AppWithRateLimitFixturesModule })];
    });

    afterAll(async () => {
      await Promise.allSettled(apps.map((app) => app.close()));
    });

    it('counts exactly near the limit: the request after the 1000th is refused on both instances', async () => {
      const ip = '198.51.100.62';
      const [one, two] = apps;
      const spies = apps.flatMap((app) => [jest.spyOn(redisOf(app), 'evalsha'), jest.spyOn(redisOf(app), 'eval')]);
      const redisCalls = () => spies.flatMap((spy) => spy.mock.calls).filter((args) => args.some((arg: unknown) => String(arg).includes(ip))).length;
      const warn = jest.spyOn(Logger.prototype, 'warn');
      const counted = async () => Number(await redisOf(one).get(globalKeys(ip)[0]));
      /** Both instances have sent every hit they admitted: Redis holds all `sent` requests. */
      const synced = async (sent: number) => {
        await Promise.all(apps.map((app) => app.get(RateLimitCounter).flush()));
        // A flush leaves a counter alone while a call of the sync timer is still out: its hits go with the next one.
        await waitFor(async () => (await counted()) === sent, { what: `Redis to hold all ${sent} requests`, timeoutMs: 30_000, intervalMs: 20 });
      };

      const statuses = new Map<number, number>();
      for (let i = 0; i < LIMIT; i++) {
        const status = (await get(i % 2 ? two : one, ip)).statusCode;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        // As requests arriving on sockets do, let the event loop reach its timers (injected requests Redis never sees do not).
        await new Promise((resolve) => setImmediate(resolve));
        // The sync timer's work, at a pace that does not depend on how busy the machine is.
        if (i % 20 === 19) await synced(i + 1);
      }
      expect(warn.mock.calls.filter(([message]) => /Rate-limit storage unavailable/.test(String(message)))).toEqual([]);
      expect([...statuses]).toEqual([[200, LIMIT]]);
      // Beyond half the limit each request asks Redis.
      expect(redisCalls()).toBeGreaterThan(LIMIT / 2 - 100);

      // Redis holds exactly the limit before the next request arrives, on either instance.
      await synced(LIMIT);
      const refused = await get(one, ip);
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
      expect((await get(two, ip)).statusCode).toBe(429);
    });
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

  it('goes on limiting quickly in the process, warns once, and counts in Redis again once it is back', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const ip = '198.51.100.150';
    expect((await get(app, ip)).headers['ratelimit']).toMatch(/^"global";r=5;/);

    const clients = await redis.clients();
    await redis.stop();
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = Date.now();
      const response = await get(app, ip);
      statuses.push(response.statusCode);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(response.headers['ratelimit']).toMatch(/^"global";r=\d;t=\d+$/);
    }
    // The process counts from the outage on (the hit Redis holds is not known there): 6 pass, then 429.
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429, 429, 429]);
    const outageWarnings = warn.mock.calls.filter(([message]) => /Rate-limit storage unavailable/.test(String(message)));
    expect(outageWarnings).toHaveLength(1);

    await redis.startProcess();
    await redis.waitForClients(clients);
    // Blocked in the process until Redis answers again; the restarted Redis is empty: counting starts afresh.
    const counted = await waitFor(
      async () => {
        const response = await get(app, ip);
        return response.statusCode === 200 && response.headers['ratelimit'];
      },
      { what: 'counting in Redis again', timeoutMs: 30_000 },
    );
    expect(counted).toMatch(/^"global";r=5;/);
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
