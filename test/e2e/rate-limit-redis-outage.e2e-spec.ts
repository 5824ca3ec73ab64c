import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { bootApp } from '../harness/app';
import { waitFor } from '../harness/free-port';
import { RedisServer } from '../harness/redis-server';
import { AppWithRateLimitFixturesModule } from './rate-limit.fixtures';

const LOGIN = '/api/v1/auth/login';
const PLAIN = '/api/v1/rate-limit-fixtures/plain';

// Two instances behind one load balancer, so each enforces half of every limit while Redis is away.
const ENV = {
  RATE_LIMIT_OUTAGE_INSTANCES: '2',
  RATE_LIMIT_GLOBAL_LIMIT: '20',
  RATE_LIMIT_GLOBAL_WINDOW_SECONDS: '60',
  RATE_LIMIT_CREDENTIALS_IP_LIMIT: '4',
  RATE_LIMIT_CREDENTIALS_EMAIL_LIMIT: '4',
  REDIS_COMMAND_TIMEOUT_MS: '300',
  JOBS_ENABLED: 'false',
};

/** A login that fails (no such account): 401 while the limits let it through. */
const login = (app: NestFastifyApplication, ip: string, email: string) =>
  app.inject({ method: 'POST', url: LOGIN, remoteAddress: ip, payload: { email, password: 'not the password 123' } });
const get = (app: NestFastifyApplication, ip: string) => app.inject({ method: 'GET', url: PLAIN, remoteAddress: ip });
/** The Redis key counting hits of one policy and tracker (see RedisRateLimitStore.keysOf). */
const hitsKey = (policy: string, tracker: string) => `{catalog:rate-limit:${policy}:${tracker}:${policy}}:hits`;
const storeShared = async (app: NestFastifyApplication) =>
  /^rate_limit_store_shared (\d)$/m.exec((await app.inject({ method: 'GET', url: '/metrics' })).body)?.[1];
const messages = (spy: jest.SpyInstance, pattern: RegExp) => spy.mock.calls.filter(([message]) => pattern.test(String(message))).length;

describe('Rate limits while Redis is unreachable', () => {
  let redis: RedisServer;
  let first: NestFastifyApplication;
  let second: NestFastifyApplication;
  let client: Redis | undefined;
  let warn: jest.SpyInstance;
  let log: jest.SpyInstance;

  beforeAll(async () => {
    redis = await RedisServer.start();
    const env = { ...ENV, REDIS_URL: redis.url };
    [first, second] = [await bootApp({ env, module: AppWithRateLimitFixturesModule }), await bootApp({ env, module: AppWithRateLimitFixturesModule })];
    warn = jest.spyOn(Logger.prototype, 'warn');
    log = jest.spyOn(Logger.prototype, 'log');
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    client?.disconnect();
    await Promise.all([first?.close(), second?.close()]);
    await redis?.stop();
  });

  it('limits logins from one address in each process, each instance to its share, with the 429 headers', async () => {
    expect(await storeShared(first)).toBe('1');
    await redis.stop();

    const ip = '203.0.113.50';
    for (const app of [first, second]) {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        const started = Date.now();
        const response = await login(app, ip, `outage-${i}@example.com`);
        statuses.push(response.statusCode);
        // The first request of an outage waits for Redis to fail (REDIS_COMMAND_TIMEOUT_MS); none after it does.
        expect(Date.now() - started).toBeLessThan(i === 0 ? 2_000 : 1_000);
      }
      // 14 attempts from one address: 2 per instance (half of RATE_LIMIT_CREDENTIALS_IP_LIMIT=4) get through.
      expect(statuses).toEqual([401, 401, 429, 429, 429, 429, 429]);
    }

    const refused = await login(second, ip, 'outage-last@example.com');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
    expect(refused.json().detail).toMatch(/"credentials-ip" exceeded \(2 requests per 900 s\)/);
    expect(refused.headers['ratelimit-policy']).toMatch(/^"credentials-ip";q=2;w=900, /);
    expect(refused.headers['ratelimit']).toMatch(/^"credentials-ip";r=0;t=\d+, /);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);

    // One warning per instance, and the gauge an alert can watch.
    expect(messages(warn, /Rate-limit storage unavailable .*counting in this process \(each limit at 1\/2 of it\)/)).toBe(2);
    expect(await storeShared(first)).toBe('0');
  });

  it('limits attempts on one account in each process, whatever the address', async () => {
    const email = 'outage-victim@example.com';
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await login(first, `203.0.113.${60 + i}`, email)).statusCode);
    expect(statuses).toEqual([401, 401, 429]);
    const refused = await login(first, '203.0.113.70', email);
    expect(refused.headers['ratelimit']).toMatch(/^"credentials-email";r=0;t=\d+/);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
  });

  it('holds the per-address limit in each process, each instance to its share', async () => {
    const ip = '198.51.100.80';
    for (const app of [first, second]) {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await get(app, ip)).statusCode);
      expect(statuses).toEqual([...Array<number>(10).fill(200), 429]);
    }
    const refused = await get(first, ip);
    expect(refused.headers['ratelimit-policy']).toBe('"global";q=10;w=60');
    expect(refused.headers['ratelimit']).toMatch(/^"global";r=0;t=\d+$/);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
  });

  it('counts in Redis again once it is back, shared by both instances, at the full limits', async () => {
    await redis.startProcess();
    client = new Redis(redis.url, { maxRetriesPerRequest: 0 });
    // Each instance finds Redis again by itself (no restart): its requests' counters appear there.
    await waitFor(
      async () => {
        await Promise.all([get(first, '198.51.100.91'), get(second, '198.51.100.92')]);
        return (await client!.exists(hitsKey('global', '198.51.100.91'), hitsKey('global', '198.51.100.92'))) === 2;
      },
      { what: 'both instances to count in Redis again', timeoutMs: 15_000 },
    );
    expect(messages(log, /Rate-limit storage reachable again/)).toBe(2);
    expect(await storeShared(first)).toBe('1');

    // Each instance sees the other's hits again: 20 on the first use up the address's limit on the second too.
    const ip = '198.51.100.93';
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await get(first, ip)).statusCode);
    expect(statuses).toEqual(Array<number>(20).fill(200));
    const refused = await get(second, ip);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['ratelimit-policy']).toBe('"global";q=20;w=60');
    expect(Number(await client.get(hitsKey('global', ip)))).toBe(21);

    // The credential limits too: 4 attempts from an address on one instance, the 5th refused on the other.
    const loginIp = '203.0.113.80';
    const logins: number[] = [];
    for (let i = 0; i < 4; i++) logins.push((await login(first, loginIp, `back-${i}@example.com`)).statusCode);
    expect(logins).toEqual([401, 401, 401, 401]);
    const again = await login(second, loginIp, 'back-4@example.com');
    expect(again.statusCode).toBe(429);
    expect(again.headers['ratelimit-policy']).toMatch(/^"credentials-ip";q=4;w=900, /);
  });
});
