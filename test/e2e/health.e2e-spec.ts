import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ShutdownState } from '../../src/lifecycle/shutdown-state';
import { waitFor } from '../harness/free-port';
import { bootApp } from '../harness/app';
import { RedisServer } from '../harness/redis-server';

describe('Health probes', () => {
  let app: NestFastifyApplication;
  // A Redis of this file's own, so stopping it does not disturb other test files.
  let redis: RedisServer;

  beforeAll(async () => {
    redis = await RedisServer.start();
    // Housekeeping jobs stay off: their behaviour across a Redis outage is jobs-redis-outage's subject.
    app = await bootApp({ env: { REDIS_URL: redis.url, HEALTH_CHECK_TIMEOUT_MS: '300', JOBS_ENABLED: 'false' } });
  });

  afterAll(async () => {
    await app.close();
    await redis.stop();
  });

  const ready = () => app.inject({ method: 'GET', url: '/health/ready' });

  it('answers liveness at the unversioned root without touching dependencies', async () => {
    const response = await app.inject({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    expect((await app.inject({ method: 'GET', url: '/api/v1/health/live' })).statusCode).toBe(404);
  });

  it('reports the primary, every replica and Redis, with pool statistics', async () => {
    const response = await ready();
    expect(response.statusCode).toBe(200);
    const { details } = response.json();
    expect(Object.keys(details).sort()).toEqual(['database:primary', 'database:replica-1', 'redis']);
    expect(details['database:primary']).toMatchObject({ status: 'up', pool: { total: expect.any(Number), idle: expect.any(Number), waiting: 0 } });
    expect(details['database:replica-1'].status).toBe('up');
    expect(details.redis.status).toBe('up');
  });

  it('stays ready when Redis stops, reporting it as degraded quickly, and recovers once it is back', async () => {
    const clients = await redis.clients();
    await redis.stop();
    const started = Date.now();
    const degraded = await ready();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(degraded.statusCode).toBe(200);
    expect(degraded.json()).toMatchObject({
      status: 'ok',
      degraded: ['redis'],
      details: { redis: { status: 'down' }, 'database:primary': { status: 'up' }, 'database:replica-1': { status: 'up' } },
    });
    // The service still answers around it: a catalog read works without Redis.
    expect((await app.inject({ method: 'GET', url: '/api/v1/products?limit=1' })).statusCode).toBe(200);

    await redis.startProcess();
    await redis.waitForClients(clients);
    await waitFor(async () => (await ready()).json().degraded.length === 0, { what: 'Redis healthy again', timeoutMs: 30_000 });
  });

  it('turns 503 as soon as shutdown begins', async () => {
    app.get(ShutdownState).begin();
    const response = await ready();
    expect(response.statusCode).toBe(503);
    expect(response.json().detail).toBe('The service is shutting down');
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
  });
});
