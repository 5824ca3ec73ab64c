import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { Role } from '../../src/users/role';
import { bootApp } from '../harness/app';
import { createProduct } from '../harness/catalog-factories';
import { bearer, signedIn } from '../harness/factories';
import { waitFor } from '../harness/free-port';
import { isolatedDatabaseEnv } from '../harness/isolated-database';
import { WebhookReceiver } from '../harness/webhook-receiver';

describe('Webhooks on two instances', () => {
  let apps: NestFastifyApplication[] = [];
  let receiver: WebhookReceiver;
  let db: Client;

  beforeAll(async () => {
    const env: Record<string, string> = {
      ...(await isolatedDatabaseEnv()),
      REDIS_KEY_PREFIX: `webhooks-${randomUUID()}:`,
      // The receivers are on 127.0.0.1.
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_RETRY_BASE_MS: '100',
    };
    apps = [await bootApp({ env }), await bootApp({ env })];
    receiver = await WebhookReceiver.start();
    db = new Client({ connectionString: env.DATABASE_URL });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await Promise.all(apps.map((app) => app.close()));
    await receiver?.close();
  });

  it('never sends one delivery twice at once and keeps each resource’s events in order', async () => {
    const [first, second] = apps;
    const admin = await signedIn(first, Role.Admin);
    // An occasional failure makes retries, which must still come before the resource's later events.
    receiver.answer = (_call, index) => (index % 7 === 3 ? { status: 500 } : { status: 200 });
    const created = await first.inject({ method: 'POST', url: '/api/v1/webhooks', headers: bearer(admin.accessToken), payload: { url: receiver.url } });
    expect(created.statusCode).toBe(201);
    receiver.secrets = [created.json<{ secret: string }>().secret];

    const products = await Promise.all(Array.from({ length: 6 }, (_, index) => createProduct(index % 2 ? second : first, admin.accessToken)));
    for (const [index, product] of products.entries()) {
      for (const step of [1, 2, 3]) {
        const on = (index + step) % 2 ? second : first;
        const response = await on.inject({
          method: 'PATCH',
          url: `/api/v1/products/${product.id}`,
          headers: bearer(admin.accessToken),
          payload: { price: 1000 + step },
        });
        expect(response.statusCode).toBe(200);
      }
    }
    const events = products.length * 4;
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'delivered'`)).rows[0].n === events, {
      what: `${events} deliveries delivered`,
      timeoutMs: 60_000,
    });

    expect(receiver.overlapping).toEqual([]);
    expect(receiver.calls.every((call) => call.verifiedBy.length === 1)).toBe(true);
    // Per resource, the first receipt of each event follows the resource's versions.
    const firstReceipts = new Map<string, { resourceId: string; version: number }>();
    for (const call of receiver.calls) {
      const body = JSON.parse(call.body) as { id: string; resourceId: string; resourceVersion: number };
      if (!firstReceipts.has(body.id)) firstReceipts.set(body.id, { resourceId: body.resourceId, version: body.resourceVersion });
    }
    expect(firstReceipts.size).toBe(events);
    for (const product of products) {
      const versions = [...firstReceipts.values()].filter((event) => event.resourceId === product.id).map((event) => event.version);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
    }
    // Each attempt was made once: the only repeats are retries of failed attempts.
    const attempts = await db.query<{ total: number }>(`SELECT sum(attempts)::int AS total FROM webhook_deliveries`);
    expect(receiver.calls).toHaveLength(attempts.rows[0].total);
  }, 120_000);
});
