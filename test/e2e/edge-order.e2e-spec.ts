import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { Role } from '../../src/users/role';
import { bootApp } from '../harness/app';
import { createProduct } from '../harness/catalog-factories';
import { bearer, signedIn, type TestUser, type Tokens } from '../harness/factories';
import { isolatedDatabaseEnv } from '../harness/isolated-database';
import { RedisServer } from '../harness/redis-server';

/** The per-address limit comes before authentication and roles: refused calls use up the quota like any other. */
describe('The edge: limits before authentication', () => {
  const LIMIT = 300;
  let redis: RedisServer;
  let app: NestFastifyApplication;
  let customer: TestUser & Tokens;
  let admin: TestUser & Tokens;

  beforeAll(async () => {
    redis = await RedisServer.start();
    const env = { ...(await isolatedDatabaseEnv()), REDIS_URL: redis.url, REDIS_KEY_PREFIX: `test-${randomUUID()}:`, RATE_LIMIT_GLOBAL_LIMIT: String(LIMIT) };
    app = await bootApp({ env });
    customer = await signedIn(app, Role.Customer);
    admin = await signedIn(app, Role.Admin);
  });

  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  const deniedRows = async (): Promise<{ rows: number; denials: number }> => {
    const [counted] = await app
      .get(DataSource)
      .query(
        `SELECT count(*)::int AS rows, coalesce(sum(repeat_count), 0)::int AS denials FROM audit_logs WHERE action = 'authorization.denied' AND actor_id = $1`,
        [customer.id],
      );
    return counted;
  };

  it('ends 400 refused calls (401 and 403) from one address in 429 with Retry-After, and the audit trail grows by a bounded number of rows', async () => {
    const before = await deniedRows();
    const ip = '198.51.100.40';
    const answers = [];
    for (let i = 0; i < 400; i++) {
      const forbidden = i % 2 === 0;
      answers.push(
        await app.inject({
          method: 'GET',
          url: forbidden ? '/api/v1/audit-logs' : '/api/v1/users/me',
          remoteAddress: ip,
          headers: forbidden ? bearer(customer.accessToken) : { authorization: 'Bearer not-a-token' },
        }),
      );
    }
    const statuses = answers.map((answer) => answer.statusCode);
    const refusedFirst = statuses.slice(0, LIMIT);
    expect(new Set(refusedFirst)).toEqual(new Set([401, 403]));
    expect(statuses.slice(LIMIT)).toEqual(Array(400 - LIMIT).fill(429));
    const limited = answers[LIMIT];
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.json()).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS', requestId: limited.headers['x-request-id'] });

    // 150 denials before the limit: at most a row per window crossed (two), and every denial counted.
    const after = await deniedRows();
    expect(after.rows - before.rows).toBeGreaterThanOrEqual(1);
    expect(after.rows - before.rows).toBeLessThanOrEqual(2);
    expect(after.denials - before.denials).toBe(refusedFirst.filter((status) => status === 403).length);
  });

  it('treats a malformed token on a public catalog route as anonymous (served from the cache), and refuses it on a staff route', async () => {
    const product = await createProduct(app, admin.accessToken);
    const url = `/api/v1/products/${product.id}`;
    expect((await app.inject({ method: 'GET', url })).headers['x-cache']).toBe('MISS');

    for (const authorization of ['x', 'Bearer not-a-token', `Bearer ${customer.accessToken.slice(0, -4)}AAAA`]) {
      const answer = await app.inject({ method: 'GET', url, headers: { authorization } });
      expect({ authorization, status: answer.statusCode, cache: answer.headers['x-cache'], id: answer.json().id }).toEqual({
        authorization,
        status: 200,
        cache: 'HIT',
        id: product.id,
      });
      expect(answer.headers['cache-control']).toMatch(/^public/);
      const staff = await app.inject({ method: 'GET', url: '/api/v1/audit-logs', headers: { authorization } });
      expect({ authorization, status: staff.statusCode }).toEqual({ authorization, status: 401 });
    }
    // A valid token still gets the signed-in view, past the cache.
    const signedInView = await app.inject({ method: 'GET', url, headers: bearer(admin.accessToken) });
    expect([signedInView.statusCode, signedInView.headers['x-cache']]).toEqual([200, 'BYPASS']);
  });
});
