import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CatalogCache } from '../../../src/catalog/catalog-cache';
import { ProductsRepository } from '../../../src/products/products.repository';
import { Role } from '../../../src/users/role';
import { bootApp } from '../../harness/app';
import { createProduct } from '../../harness/catalog-factories';
import { bearer, signedIn } from '../../harness/factories';
import { waitFor } from '../../harness/free-port';
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
  });

  afterAll(async () => {
    await app.close();
    await other.close();
    await redis.stop();
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

  it('serves in-memory hits before Nest, with the same headers, limits and conditional answers', async () => {
    const product = await createProduct(app, admin);
    const url = `/api/v1/products/${product.id}`;
    const first = await get(app, url);
    expect(first.headers['x-cache']).toBe('MISS');
    const load = jest.spyOn(app.get(CatalogCache), 'getOrLoad');
    const hit = await get(app, url, { origin: 'https://shop.example.com', 'x-request-id': 'fast-1' });
    expect(load).not.toHaveBeenCalled();
    expect(hit.statusCode).toBe(200);
    expect(hit.body).toBe(first.body);
    expect(hit.headers).toMatchObject({
      'x-cache': 'HIT',
      'x-request-id': 'fast-1',
      'x-content-type-options': 'nosniff',
      'access-control-allow-origin': 'https://shop.example.com',
      etag: first.headers.etag,
      'cache-control': 'public, max-age=30',
    });
    expect(hit.headers.ratelimit).toMatch(/"global";r=\d+/);
    expect((await get(app, url, { 'if-none-match': first.headers.etag as string })).statusCode).toBe(304);
    load.mockRestore();
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
      timeoutMs: 3_000,
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
    }
  });
});
