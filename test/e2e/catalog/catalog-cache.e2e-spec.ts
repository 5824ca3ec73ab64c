import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from '@nestjs/common';
import { CatalogCache } from '../../../src/catalog/catalog-cache';
import { EncodedAnswer } from '../../../src/catalog/encoded-answer';
import { ProductsRepository } from '../../../src/products/products.repository';
import { Role } from '../../../src/users/role';
import { bootApp } from '../../harness/app';
import { createProduct } from '../../harness/catalog-factories';
import { bearer, signedIn } from '../../harness/factories';
import { waitFor } from '../../harness/free-port';
import { httpGet, listening } from '../../harness/http-client';
import { isolatedDatabaseEnv } from '../../harness/isolated-database';
import { RedisServer } from '../../harness/redis-server';

let counter = 1_000_000;
/** A query value no other test used: a guaranteed cache miss. */
const unique = () => ++counter;

describe('Catalog cache', () => {
  let redis: RedisServer;
  let env: Record<string, string>;
  let app: NestFastifyApplication;
  let other: NestFastifyApplication;
  let admin: string;
  let base: string;

  beforeAll(async () => {
    redis = await RedisServer.start();
    env = {
      ...(await isolatedDatabaseEnv()),
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: `test-${randomUUID()}:`,
      CORS_ALLOWED_ORIGINS: 'https://shop.example.com',
    };
    [app, other] = [await bootApp({ env }), await bootApp({ env })];
    admin = (await signedIn(app, Role.Admin)).accessToken;
    base = await listening(app);
  });

  afterAll(async () => {
    // Each one even if another fails (or was never booted): an app or redis-server left open keeps the worker alive.
    await Promise.allSettled([app?.close(), other?.close()]);
    await redis?.stop();
  });

  const get = (target: NestFastifyApplication, url: string, headers: Record<string, string> = {}) => target.inject({ method: 'GET', url, headers });

  it('answers a repeated public read from the cache, publicly cacheable', async () => {
    await createProduct(app, admin);
    const url = `/api/v1/products?limit=7&minPrice=1`;
    const first = await get(app, url);
    expect(first.headers['x-cache']).toBe('MISS');
    expect(first.headers['cache-control']).toBe('public, max-age=30');
    const second = await get(app, url);
    expect(second.headers['x-cache']).toBe('HIT');
    expect(second.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(second.body).toBe(first.body);
    // The same query in another order is the same entry.
    expect((await get(app, `/api/v1/products?minPrice=1&limit=7`)).headers['x-cache']).toBe('HIT');
  });

  describe('answers held in this process, at the edge before Nest (header parity: edge-parity.e2e-spec.ts)', () => {
    it('lets the route answer when it fails, and stays up', async () => {
      const product = await createProduct(app, admin);
      const url = `/api/v1/products/${product.id}`;
      const first = await httpGet(base, url);
      jest.spyOn(EncodedAnswer.prototype, 'bytes').mockImplementationOnce(() => {
        throw new Error('no bytes today');
      });
      const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      const nest = jest.spyOn(app.get(CatalogCache), 'getOrLoad');
      const answer = await httpGet(base, url);
      expect({ status: answer.statusCode, body: answer.body.toString(), loads: nest.mock.calls.length }).toEqual({
        status: 200,
        body: first.body.toString(),
        loads: 1,
      });
      expect(errors).toHaveBeenCalledWith(expect.stringContaining('no bytes today'));
      expect((await httpGet(base, url)).statusCode).toBe(200);
      jest.restoreAllMocks();
    });

    it('counts its answers in the request metrics and the shared rate limit', async () => {
      const product = await createProduct(app, admin);
      const url = `/api/v1/products/${product.id}`;
      const series = /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/products\/:idOrSlug",status_class="(2xx|3xx)"\} (\d+)/g;
      const counts = async () => {
        const text = (await get(app, '/metrics')).body;
        return Object.fromEntries([...text.matchAll(series)].map(([, statusClass, count]) => [statusClass, Number(count)]));
      };
      const before = await counts();
      const first = await httpGet(base, url);
      const answers = [first, await httpGet(base, url), await httpGet(base, url), await httpGet(base, url, { 'if-none-match': String(first.headers.etag) })];
      expect(answers.map((answer) => [answer.statusCode, answer.headers['x-cache']])).toEqual([
        [200, 'MISS'],
        [200, 'HIT'],
        [200, 'HIT'],
        [304, 'HIT'],
      ]);
      const after = await counts();
      expect([after['2xx'] - (before['2xx'] ?? 0), after['3xx'] - (before['3xx'] ?? 0)]).toEqual([3, 1]);
      // One counter per address, whichever path answers (the first through the route and its guard): each answer
      // leaves one request fewer.
      const remaining = answers.map((answer) => Number(/r=(\d+)/.exec(String(answer.headers.ratelimit))?.[1]));
      expect(remaining).toEqual([0, 1, 2, 3].map((counted) => remaining[0] - counted));
    });
  });

  it('keeps ETags on cached items, so If-None-Match still gets 304', async () => {
    const product = await createProduct(app, admin);
    const first = await get(app, `/api/v1/products/${product.id}`);
    const hit = await get(app, `/api/v1/products/${product.id}`, { 'if-none-match': first.headers.etag as string });
    expect(hit.headers['x-cache']).toBe('HIT');
    expect(hit.statusCode).toBe(304);
  });

  it('invalidates on every write, on every instance', async () => {
    const url = '/api/v1/products?limit=100&sort=price';
    await get(app, url);
    await get(other, url);
    expect((await get(other, url)).headers['x-cache']).toBe('HIT');
    const product = await createProduct(app, admin, { price: 1 });
    const here = await get(app, url);
    expect(here.headers['x-cache']).toBe('MISS');
    expect(here.json().data[0].id).toBe(product.id);
    // The other instance hears of the write through Redis pub/sub.
    await waitFor(async () => (await get(other, url)).json().data[0]?.id === product.id, {
      what: 'the other instance to drop its cached list',
      timeoutMs: 15_000,
    });

    await app.inject({
      method: 'POST',
      url: `/api/v1/products/${product.id}/stock-adjustments`,
      headers: bearer(admin),
      payload: { delta: 5, reason: 'restock' },
    });
    expect((await get(app, `/api/v1/products/${product.id}`)).json().stock).toBe(15);
  });

  it('shares answers between instances through Redis', async () => {
    const url = `/api/v1/products?limit=3&maxPrice=${unique()}`;
    expect((await get(app, url)).headers['x-cache']).toBe('MISS');
    expect((await get(other, url)).headers['x-cache']).toBe('HIT');
  });

  it('lets signed-in callers bypass it and see their own writes', async () => {
    const response = await get(app, '/api/v1/products?limit=2', bearer(admin));
    expect(response.headers['x-cache']).toBe('BYPASS');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('makes concurrent misses for one key cost one database query', async () => {
    await createProduct(app, admin);
    const page = jest.spyOn(app.get(ProductsRepository), 'page');
    const url = `/api/v1/products?limit=11&maxPrice=${unique()}`;
    const responses = await Promise.all(Array.from({ length: 20 }, () => get(app, url)));
    expect(responses.every((response) => response.statusCode === 200)).toBe(true);
    expect(new Set(responses.map((response) => response.body)).size).toBe(1);
    expect(page).toHaveBeenCalledTimes(1);
    page.mockRestore();
  });

  it('exports hit and miss counters', async () => {
    const metrics = (await get(app, '/metrics')).body;
    expect(metrics).toMatch(/catalog_cache_lookups_total\{layer="local",result="hit"\} [1-9]/);
    expect(metrics).toMatch(/catalog_cache_lookups_total\{layer="redis",result="miss"\} [1-9]/);
  });

  it('still answers, quickly, when Redis is down', async () => {
    const clients = await redis.clients();
    await redis.stop();
    try {
      for (const url of ['/api/v1/products?limit=4', `/api/v1/products?limit=4&maxPrice=${unique()}`]) {
        const started = Date.now();
        const response = await get(app, url);
        expect(response.statusCode).toBe(200);
        expect(Date.now() - started).toBeLessThan(1_500);
      }
      const product = await createProduct(app, admin, { price: 0 });
      expect((await get(app, '/api/v1/products?limit=100&sort=price')).json().data[0].id).toBe(product.id);
    } finally {
      await redis.startProcess();
      // Both apps' clients back as they were (their job workers waiting again included) before the apps are closed:
      // closed halfway through, ioredis and BullMQ leave timers behind that hold the Jest worker past its exit.
      await redis.waitForClients(clients);
    }
  }, 180_000);
});
