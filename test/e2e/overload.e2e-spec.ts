import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bootApp } from '../harness/app';

describe('Database overload', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    // One connection per pool, a short wait for it, a short statement timeout: overload on demand. (Migrating
    // takes two connections, and the global set-up has migrated already.)
    app = await bootApp({
      env: { DATABASE_POOL_SIZE: '1', DATABASE_ACQUIRE_TIMEOUT_MS: '300', DATABASE_STATEMENT_TIMEOUT_MS: '800', MIGRATIONS_RUN: 'false' },
    });
  });

  afterAll(async () => {
    await app.close();
  });

  const slow = (ms: number) => app.inject({ method: 'GET', url: `/api/v1/fixtures/slow-query?ms=${ms}` });

  it('answers 503 with Retry-After, quickly, when no connection frees up within the acquire timeout', async () => {
    const holder = slow(600);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    const refused = await slow(10);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', detail: 'The service is busy; retry shortly' });
    expect((await holder).statusCode).toBe(200);
  });

  it('answers 503 when a query passes statement_timeout, and the connection goes back to the pool', async () => {
    const timedOut = await slow(2_000);
    expect(timedOut.statusCode).toBe(503);
    expect(timedOut.body).not.toMatch(/cancel|statement|pg_sleep/i);
    // The single connection is usable again at once.
    expect((await slow(10)).statusCode).toBe(200);
  });
});
