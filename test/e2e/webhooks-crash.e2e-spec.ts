import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Role } from '../../src/users/role';
import { bootApp } from '../harness/app';
import { type ChildApp, spawnApp, waitUntilServing } from '../harness/child-app';
import { bearer, signedIn } from '../harness/factories';
import { freePort, waitFor } from '../harness/free-port';
import { isolatedDatabaseEnv } from '../harness/isolated-database';
import { WebhookReceiver } from '../harness/webhook-receiver';

/**
 * SIGKILL is the worst a process can suffer: no shutdown hook runs. Deliveries must survive it, at least once, with
 * the same `webhook-id` when repeated.
 */
describe('Webhooks across a killed process', () => {
  let env: Record<string, string>;
  let receiver: WebhookReceiver;
  let db: Client;
  let token: string;
  const children: ChildApp[] = [];

  beforeAll(async () => {
    env = {
      ...(await isolatedDatabaseEnv()),
      REDIS_URL: process.env.REDIS_URL!,
      REDIS_KEY_PREFIX: `webhooks-crash-${randomUUID()}:`,
      // Shared by the set-up app and the children, so the admin's token works on all of them.
      JWT_ACCESS_SECRET: randomBytes(32).toString('hex'),
      JWT_REFRESH_SECRET: randomBytes(32).toString('hex'),
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_TIMEOUT_MS: '2000',
      WEBHOOK_RETRY_BASE_MS: '200',
    };
    receiver = await WebhookReceiver.start();
    const setup = await bootApp({ env });
    try {
      token = (await signedIn(setup, Role.Admin)).accessToken;
      const created = await setup.inject({ method: 'POST', url: '/api/v1/webhooks', headers: bearer(token), payload: { url: receiver.url } });
      expect(created.statusCode).toBe(201);
      receiver.secrets = [created.json<{ secret: string }>().secret];
    } finally {
      await setup.close();
    }
    db = new Client({ connectionString: env.DATABASE_URL });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    for (const child of children) if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
    await db?.end();
    await receiver?.close();
  });

  async function start(): Promise<{ child: ChildApp; base: string }> {
    const port = await freePort();
    const child = spawnApp({ ...env, PORT: String(port), LOG_LEVEL: 'warn' });
    children.push(child);
    const base = `http://127.0.0.1:${port}`;
    await waitUntilServing(child, `${base}/health/ready`);
    return { child, base };
  }

  async function kill(child: ChildApp): Promise<void> {
    child.child.kill('SIGKILL');
    await child.result;
  }

  async function createProductOn(base: string): Promise<string> {
    const unique = randomUUID().slice(0, 8);
    const response = await fetch(`${base}/api/v1/products`, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ sku: `SKU-${unique}`, name: `Crash ${unique}`, price: 1999, stock: 1 }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  it('delivers every event at least once after kills mid-delivery and before dispatch', async () => {
    // 1. Killed while the receiver holds the first delivery open.
    receiver.answer = (_call, index) => (index === 0 ? 'hold' : { status: 200 });
    const first = await start();
    await createProductOn(first.base);
    await waitFor(async () => receiver.calls.length >= 1, { what: 'the first delivery in flight', timeoutMs: 30_000 });
    await kill(first.child);
    receiver.release();

    // 2. Killed after writing events the relay could not dispatch: the test holds the relay's position.
    const second = await start();
    const holder = new Client({ connectionString: env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT * FROM webhook_dispatch_state FOR UPDATE');
      for (let index = 0; index < 3; index++) await createProductOn(second.base);
      await kill(second.child);
      await holder.query('ROLLBACK');
    } finally {
      await holder.end();
    }
    const undispatched = await db.query(`SELECT count(*)::int AS n FROM change_events WHERE position > (SELECT last_position FROM webhook_dispatch_state)`);
    expect(undispatched.rows[0].n).toBe(3);

    // 3. A new process finishes the work.
    const third = await start();
    const events = (await db.query<{ id: string }>(`SELECT id FROM change_events WHERE type = 'product.created' ORDER BY position`)).rows.map((row) => row.id);
    expect(events).toHaveLength(4);
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'delivered'`)).rows[0].n === events.length, {
      what: 'every delivery delivered',
      timeoutMs: 60_000,
    });
    expect(new Set(receiver.eventIds())).toEqual(new Set(events));
    // The delivery in flight at the kill was sent again, under the same webhook-id.
    expect(receiver.eventIds().filter((id) => id === events[0]).length).toBeGreaterThanOrEqual(2);
    for (const call of receiver.calls) {
      expect(call.verifiedBy).toEqual([0]);
      expect((JSON.parse(call.body) as { id: string }).id).toBe(call.headers['webhook-id']);
    }
    await kill(third.child);
  }, 400_000);
});
