import { randomUUID } from 'node:crypto';
import { gunzipSync, inflateSync } from 'node:zlib';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LightMyRequestResponse } from 'fastify';
import { CatalogCache } from '../../src/catalog/catalog-cache';
import { DEPRECATED_VERSIONS } from '../../src/edge/deprecation';
import { Role } from '../../src/users/role';
import { bootApp } from '../harness/app';
import { createProduct } from '../harness/catalog-factories';
import { signedIn } from '../harness/factories';
import { isolatedDatabaseEnv } from '../harness/isolated-database';
import { RedisServer } from '../harness/redis-server';

/**
 * A cache hit answered at the edge (the catalog hits step) must be the answer the route gives for the same
 * request from the same cache entry, header for header: two instances on one database and Redis, one with the
 * edge step (the default) and one with CATALOG_CACHE_FAST_PATH=false, where Nest's cache interceptor answers.
 */
const CONFIGURATIONS: Array<{ name: string; env: Record<string, string>; deprecatedVersion: boolean }> = [
  { name: 'development defaults', env: {}, deprecatedVersion: false },
  {
    name: 'production, behind a trusted proxy, API version 1 deprecated',
    env: {
      NODE_ENV: 'production',
      TRUST_PROXY: '127.0.0.1',
      JWT_ACCESS_SECRET: 'parity-access-secret-at-least-32-bytes-long',
      JWT_REFRESH_SECRET: 'parity-refresh-secret-at-least-32-bytes-long',
      METRICS_TOKEN: 'parity-metrics-token-0123456789',
      MIGRATIONS_RUN: 'true',
    },
    deprecatedVersion: true,
  },
];

/** What must be equal between two answers to one request: everything but per-connection values and the quota left. */
function comparable(answer: LightMyRequestResponse) {
  const { date: _date, connection: _connection, 'keep-alive': _keepAlive, ratelimit, ...headers } = answer.headers;
  const encoding = answer.headers['content-encoding'];
  const body = encoding === 'gzip' ? gunzipSync(answer.rawPayload) : encoding === 'deflate' ? inflateSync(answer.rawPayload) : answer.rawPayload;
  return { statusCode: answer.statusCode, headers, quotaShape: /^"global";r=\d+;t=\d+$/.test(String(ratelimit)), body: body.toString() };
}

describe.each(CONFIGURATIONS)('A cache hit at the edge and through the route: $name', ({ env: extra, deprecatedVersion }) => {
  let redis: RedisServer;
  let atEdge: NestFastifyApplication;
  let routed: NestFastifyApplication;
  let urls: string[];

  beforeAll(async () => {
    if (deprecatedVersion) DEPRECATED_VERSIONS['1'] = { since: '2026-06-01', sunset: '2027-12-31', successor: '/api/v2' };
    redis = await RedisServer.start();
    const env = {
      ...(await isolatedDatabaseEnv()),
      ...extra,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: `test-${randomUUID()}:`,
      CORS_ALLOWED_ORIGINS: 'https://shop.example.com',
    };
    atEdge = await bootApp({ env });
    routed = await bootApp({ env: { ...env, CATALOG_CACHE_FAST_PATH: 'false' } });
    const admin = (await signedIn(atEdge, Role.Admin)).accessToken;
    const product = await createProduct(atEdge, admin, { description: 'A description long enough that a page of a few of these passes 1 KiB. '.repeat(3) });
    for (let i = 0; i < 4; i++) await createProduct(atEdge, admin, { description: 'Another product of the same page, with words. '.repeat(3) });
    urls = [`/api/v1/products/${product.id}`, '/api/v1/products?limit=5&minPrice=1', '/api/v1/fixtures/old-catalog'];
  });

  afterAll(async () => {
    delete DEPRECATED_VERSIONS['1'];
    await atEdge?.close();
    await routed?.close();
    await redis?.stop();
  });

  it('sends the same status, headers and body for every variant of the request', async () => {
    const variants: Array<Record<string, string>> = [
      {},
      { 'x-forwarded-for': '203.0.113.9' },
      { origin: 'https://shop.example.com' },
      { origin: 'https://elsewhere.example.com' },
      { 'accept-encoding': 'gzip, deflate, br' },
      { 'accept-encoding': 'deflate' },
      { 'accept-encoding': 'br' },
      { 'accept-encoding': 'identity' },
      { 'if-none-match': '"0-stale"', 'accept-encoding': 'gzip' },
    ];
    const routeLoads = jest.spyOn(routed.get(CatalogCache), 'getOrLoad');
    const edgeLoads = jest.spyOn(atEdge.get(CatalogCache), 'getOrLoad');
    for (const url of urls) {
      // Fill both instances' local entries (the second from Redis).
      const first = await atEdge.inject({ method: 'GET', url });
      expect(first.statusCode).toBe(200);
      await routed.inject({ method: 'GET', url });
      edgeLoads.mockClear();
      routeLoads.mockClear();
      for (const headers of [...variants, { 'if-none-match': String(first.headers.etag) }]) {
        const request = { method: 'GET' as const, url, headers: { ...headers, 'x-request-id': 'same-id' } };
        const [edge, route] = [await atEdge.inject(request), await routed.inject(request)];
        expect({ url, headers, answer: comparable(edge) }).toEqual({ url, headers, answer: comparable(route) });
        expect([edge.headers['x-cache'], route.headers['x-cache']]).toEqual(['HIT', 'HIT']);
      }
      // The edge answered without Nest's cache interceptor; the other instance went through it every time.
      expect({ url, edge: edgeLoads.mock.calls.length, route: routeLoads.mock.calls.length }).toEqual({ url, edge: 0, route: variants.length + 1 });
    }
  });

  it('carries the deprecation of a deprecated route, and of a deprecated version, on a hit', async () => {
    const hit = await atEdge.inject({ method: 'GET', url: '/api/v1/fixtures/old-catalog' });
    expect(hit.headers['x-cache']).toBe('HIT');
    // The route's own policy wins over its version's.
    expect([hit.headers.sunset, hit.headers.link]).toEqual([new Date('2027-06-30').toUTCString(), '</api/v2/fixtures/new-catalog>; rel="successor-version"']);
    const product = await atEdge.inject({ method: 'GET', url: urls[0] });
    expect(product.headers['x-cache']).toBe('HIT');
    expect(product.headers.sunset).toBe(deprecatedVersion ? new Date('2027-12-31').toUTCString() : undefined);
  });

  it('answers a CORS preflight the same way on both', async () => {
    const preflight = {
      method: 'OPTIONS' as const,
      url: urls[1],
      headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'GET', 'x-request-id': 'same-id' },
    };
    const [edge, route] = [await atEdge.inject(preflight), await routed.inject(preflight)];
    expect(edge.statusCode).toBe(204);
    expect(edge.headers['access-control-allow-origin']).toBe('https://shop.example.com');
    expect(comparable(edge)).toEqual(comparable(route));
  });
});
