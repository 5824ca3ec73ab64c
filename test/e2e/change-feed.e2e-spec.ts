import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { Role } from '../../src/users/role';
import { bootApp } from '../harness/app';
import { createProduct } from '../harness/catalog-factories';
import { bearer, signedIn, type TestUser, type Tokens } from '../harness/factories';
import { isolatedDatabaseEnv } from '../harness/isolated-database';

interface FeedEvent {
  id: string;
  cursor: string;
  position: string;
  type: string;
  resourceType: string;
  resourceId: string;
  resourceVersion: number | null;
  occurredAt: string;
  actor: { id: string; role: string } | null;
  data: Record<string, unknown>;
}
interface FeedPage {
  data: FeedEvent[];
  cursor: string;
  hasMore: boolean;
}

describe('Change feed and the unit of work', () => {
  let apps: NestFastifyApplication[];
  let app: NestFastifyApplication;
  let admin: TestUser & Tokens;
  let db: Client;

  beforeAll(async () => {
    // A database of its own: positions start at 1 and nothing else writes events in it.
    const env = await isolatedDatabaseEnv();
    app = await bootApp({ env });
    apps = [app, await bootApp({ env }), await bootApp({ env })];
    admin = await signedIn(app, Role.Admin);
    db = new Client({ connectionString: env.DATABASE_URL });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await Promise.all((apps ?? []).map((instance) => instance.close()));
  });

  const feed = async (query: Record<string, string | number> = {}, token = admin.accessToken, on = app) => {
    const search = new URLSearchParams(Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]));
    return on.inject({ method: 'GET', url: `/api/v1/changes?${search}`, headers: bearer(token) });
  };

  /** Every event after `after`, page by page. */
  async function readAll(after?: string): Promise<{ events: FeedEvent[]; cursor: string }> {
    const events: FeedEvent[] = [];
    let cursor = after;
    for (;;) {
      const response = await feed({ limit: 500, ...(cursor ? { after: cursor } : {}) });
      expect(response.statusCode).toBe(200);
      const page = response.json<FeedPage>();
      events.push(...page.data);
      cursor = page.cursor;
      if (!page.hasMore) return { events, cursor };
    }
  }

  it('announces each write once, with its audit row, the resource as a GET returns it, and nothing for a refused write', async () => {
    const start = (await readAll()).cursor;
    const product = await createProduct(app, admin.accessToken, { stock: 5 });
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/products',
      headers: bearer(admin.accessToken),
      payload: { sku: product.sku, name: 'Dup', price: 1 },
    });
    expect(refused.statusCode).toBe(409);
    const patched = await app.inject({ method: 'PATCH', url: `/api/v1/products/${product.id}`, headers: bearer(admin.accessToken), payload: { price: 2500 } });
    expect(patched.statusCode).toBe(200);
    const adjusted = await app.inject({
      method: 'POST',
      url: `/api/v1/products/${product.id}/stock-adjustments`,
      headers: bearer(admin.accessToken),
      payload: { delta: -2, reason: 'sold' },
    });
    expect(adjusted.statusCode).toBe(201);
    const got = (await app.inject({ method: 'GET', url: `/api/v1/products/${product.id}`, headers: bearer(admin.accessToken) })).json();
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/products/${product.id}`, headers: bearer(admin.accessToken) })).statusCode).toBe(204);

    const { events } = await readAll(start);
    expect(events.map(({ type }) => type)).toEqual(['product.created', 'product.updated', 'product.stock_changed', 'product.deleted']);
    expect(events.map(({ position }) => BigInt(position))).toEqual(events.map((_, index) => BigInt(events[0].position) + BigInt(index)));
    for (const event of events) {
      expect(event).toMatchObject({ resourceType: 'product', resourceId: product.id, actor: { id: admin.id, role: 'admin' } });
      expect(event.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    // The stock change carries the product after it, as a GET returned it; the deletion its last state.
    expect(events[2].data).toEqual(got);
    expect(events[2].resourceVersion).toBe(got.version);
    expect(events[3].data).toEqual(got);
    expect(new Set(events.map(({ id }) => id)).size).toBe(4);

    const { rows } = await db.query(`SELECT action FROM audit_logs WHERE resource_id = $1 ORDER BY id`, [product.id]);
    expect(rows.map(({ action }) => action)).toEqual(['product.create', 'product.update', 'product.stock_adjust', 'product.delete']);
  });

  it('announces user changes without personal data', async () => {
    const start = (await readAll()).cursor;
    const email = `feed-${Date.now()}@example.com`;
    const registered = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email, password: 'a long enough password', name: 'Ada Feed' },
    });
    expect(registered.statusCode).toBe(201);
    const { events } = await readAll(start);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'user.created', resourceType: 'user', actor: null });
    expect(Object.keys(events[0].data).sort()).toEqual(['createdAt', 'disabled', 'id', 'role', 'updatedAt']);
    expect(JSON.stringify(events[0])).not.toContain(email);
    expect(JSON.stringify(events[0])).not.toContain('Ada Feed');
  });

  it('gives every one of 2,000 concurrent writes on three instances exactly one event, in commit order, gap-free', async () => {
    const start = (await readAll()).cursor;
    const products = await Promise.all(Array.from({ length: 8 }, () => createProduct(app, admin.accessToken, { stock: 0 })));
    const afterCreates = (await readAll(start)).cursor;
    const writes = Array.from({ length: 2_000 }, (_, index) => ({ product: products[index % products.length], on: apps[index % apps.length] }));
    let next = 0;
    const statuses: number[] = [];
    // 24 at a time: concurrent enough to contend on every product row and on the event sequence.
    await Promise.all(
      Array.from({ length: 24 }, async () => {
        while (next < writes.length) {
          const { product, on } = writes[next++];
          const response = await on.inject({
            method: 'POST',
            url: `/api/v1/products/${product.id}/stock-adjustments`,
            headers: bearer(admin.accessToken),
            payload: { delta: 1, reason: 'restock' },
          });
          statuses.push(response.statusCode);
        }
      }),
    );
    expect(statuses.filter((status) => status === 201)).toHaveLength(2_000);

    const { events } = await readAll(afterCreates);
    expect(events).toHaveLength(2_000);
    const positions = events.map(({ position }) => BigInt(position));
    expect(positions).toEqual(positions.map((_, index) => positions[0] + BigInt(index)));
    // Commit order: each product's stock goes 1, 2, 3… in the order of the events, as its row lock ordered the commits.
    const stockSeen = new Map<string, number>();
    for (const event of events) {
      const stock = event.data.stock as number;
      expect(stock).toBe((stockSeen.get(event.resourceId) ?? 0) + 1);
      stockSeen.set(event.resourceId, stock);
    }
    expect([...stockSeen.values()].reduce((sum, stock) => sum + stock, 0)).toBe(2_000);
  }, 300_000);

  it('long-polls: a waiting consumer gets a change within a second of its commit, from another instance', async () => {
    const { cursor } = await readAll();
    const waiting = feed({ after: cursor, wait: 20 }, admin.accessToken, apps[1]);
    // The wait has begun once the gauge counts it.
    const waiters = async () => /^change_feed_waiters (\d+)/m.exec((await app.inject({ method: 'GET', url: '/metrics' })).body)?.[1];
    for (let tries = 0; (await waiters()) !== '1' && tries < 200; tries++) await new Promise((resolve) => setImmediate(resolve));
    const product = await createProduct(apps[2], admin.accessToken);
    const committed = Date.now();
    const answer = await waiting;
    expect(Date.now() - committed).toBeLessThan(1_000);
    expect(answer.json<FeedPage>().data.map(({ resourceId }) => resourceId)).toEqual([product.id]);
  });

  it('answers an empty page with the cursor to resume from when nothing happens within the wait', async () => {
    const { cursor } = await readAll();
    const started = Date.now();
    const response = await feed({ after: cursor, wait: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(response.json()).toEqual({ data: [], cursor, hasMore: false });
  });

  it('filters by type and resumes past what the filter skipped', async () => {
    const { cursor } = await readAll();
    const product = await createProduct(app, admin.accessToken);
    await app.inject({ method: 'PATCH', url: `/api/v1/products/${product.id}`, headers: bearer(admin.accessToken), payload: { name: 'Renamed' } });
    const page = (await feed({ after: cursor, types: 'product.updated' })).json<FeedPage>();
    expect(page.data.map(({ type }) => type)).toEqual(['product.updated']);
    expect((await feed({ after: page.cursor })).json<FeedPage>().data).toEqual([]);
  });

  it('refuses bad cursors and types with 400, customers with 403, anonymous callers with 401', async () => {
    expect((await feed({ after: 'not-a-cursor' })).json()).toMatchObject({ status: 400, code: 'INVALID_CURSOR' });
    expect((await feed({ types: 'product.exploded' })).statusCode).toBe(400);
    expect((await feed({ wait: 31 })).statusCode).toBe(400);
    const customer = await signedIn(app);
    expect((await feed({}, customer.accessToken)).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/changes' })).statusCode).toBe(401);
  });

  it('answers 410 with the head to resume from once the cursor is older than the retention', async () => {
    const { events, cursor } = await readAll();
    await db.query(`UPDATE change_event_sequence SET purged_through = $1`, [events[5].position]);
    try {
      const response = await feed({ after: events[2].cursor });
      expect(response.statusCode).toBe(410);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ code: 'CHANGE_CURSOR_EXPIRED', head: cursor });
      expect((await feed({ after: events[5].cursor })).statusCode).toBe(200);
    } finally {
      await db.query(`UPDATE change_event_sequence SET purged_through = 0`);
    }
  });
});
