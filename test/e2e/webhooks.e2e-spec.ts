import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { register } from 'prom-client';
import { Role } from '../../src/users/role';
import { bootApp } from '../harness/app';
import { createProduct } from '../harness/catalog-factories';
import { bearer, signedIn, type TestUser, type Tokens } from '../harness/factories';
import { waitFor } from '../harness/free-port';
import { isolatedDatabaseEnv } from '../harness/isolated-database';
import { WebhookReceiver } from '../harness/webhook-receiver';

const RETRY_BASE_MS = 300;
const MAX_ATTEMPTS = 4;

interface Subscription {
  id: string;
  secret: string;
  enabled: boolean;
  disabledReason: string | null;
}

describe('Webhooks', () => {
  let app: NestFastifyApplication;
  let admin: TestUser & Tokens;
  let db: Client;
  let receiver: WebhookReceiver;
  let env: Record<string, string>;

  beforeAll(async () => {
    env = {
      ...(await isolatedDatabaseEnv()),
      REDIS_KEY_PREFIX: `webhooks-${randomUUID()}:`,
      // The receivers are on 127.0.0.1.
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_RETRY_BASE_MS: String(RETRY_BASE_MS),
      WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      WEBHOOK_TIMEOUT_MS: '1000',
      WEBHOOK_DISABLE_AFTER_FAILURES: '1',
    };
    app = await bootApp({ env });
    admin = await signedIn(app, Role.Admin);
    db = new Client({ connectionString: env.DATABASE_URL });
    await db.connect();
  }, 120_000);

  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
  });

  afterEach(async () => {
    // Each test hears only of its own writes.
    await db.query(`DELETE FROM webhook_subscriptions`);
    await receiver.close();
  });

  afterAll(async () => {
    await db?.end();
    await app?.close();
  });

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url: `/api/v1${url}`, headers: bearer(admin.accessToken), ...(payload ? { payload } : {}) });

  async function subscribe(body: object = {}): Promise<Subscription> {
    const response = await api('POST', '/webhooks', { url: receiver.url, ...body });
    expect(response.statusCode).toBe(201);
    const created = response.json<Subscription>();
    receiver.secrets = [created.secret];
    return created;
  }

  const feedEvents = async () => (await api('GET', '/changes?limit=500')).json<{ data: Array<{ id: string; resourceId: string }> }>().data;

  it('signs every delivery so a Standard Webhooks verifier accepts it, in order per resource, with the feed’s event as body', async () => {
    const subscription = await subscribe();
    expect(subscription.secret).toMatch(/^whsec_/);
    const product = await createProduct(app, admin.accessToken);
    for (const price of [2500, 2600]) expect((await api('PATCH', `/products/${product.id}`, { price })).statusCode).toBe(200);
    expect((await api('DELETE', `/products/${product.id}`)).statusCode).toBe(204);

    await waitFor(async () => receiver.calls.length >= 4, { what: 'four deliveries' });
    const bodies = receiver.calls.map((call) => JSON.parse(call.body) as { id: string; type: string; resourceId: string });
    expect(bodies.map((body) => body.type)).toEqual(['product.created', 'product.updated', 'product.updated', 'product.deleted']);
    expect(receiver.calls.every((call) => call.verifiedBy.join() === '0')).toBe(true);
    expect(receiver.calls.every((call) => call.headers['webhook-signature']?.toString().split(' ').length === 1)).toBe(true);
    const feed = (await feedEvents()).filter((event) => event.resourceId === product.id);
    expect(receiver.eventIds()).toEqual(feed.map((event) => event.id));
    // Exactly the feed's JSON for the event.
    expect(bodies).toEqual(feed);

    const list = await api('GET', '/webhooks');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('whsec_');
    const one = await api('GET', `/webhooks/${subscription.id}`);
    expect(one.json()).toMatchObject({ id: subscription.id, enabled: true, consecutiveFailures: 0 });
    expect(one.body).not.toContain('secret"');

    const audit = await db.query<{ action: string; new_values: object }>(`SELECT action, new_values FROM audit_logs WHERE resource_id = $1`, [subscription.id]);
    expect(audit.rows.map((row) => row.action)).toEqual(['webhook.create']);
    expect(JSON.stringify(audit.rows)).not.toContain('whsec_');
  }, 60_000);

  it('delivers only the subscribed event types', async () => {
    await subscribe({ eventTypes: ['product.updated'] });
    const product = await createProduct(app, admin.accessToken);
    expect((await api('PATCH', `/products/${product.id}`, { price: 4200 })).statusCode).toBe(200);
    await waitFor(async () => receiver.calls.length >= 1, { what: 'the update' });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(receiver.calls.map((call) => (JSON.parse(call.body) as { type: string }).type)).toEqual(['product.updated']);
  }, 60_000);

  it('retries a failing receiver with backoff and delivers on the fourth attempt, same webhook-id', async () => {
    receiver.answer = (_call, index) => (index < 3 ? { status: 500 } : { status: 200 });
    const subscription = await subscribe();
    await createProduct(app, admin.accessToken);
    await waitFor(async () => receiver.calls.length >= 4, { what: 'four attempts', timeoutMs: 30_000 });
    expect(new Set(receiver.eventIds()).size).toBe(1);
    const gaps = receiver.calls.slice(1).map((call, index) => call.at - receiver.calls[index].at);
    // Equal jitter: attempt n waits at least half of base * 2^(n-1).
    gaps.forEach((gap, index) => expect(gap).toBeGreaterThanOrEqual((RETRY_BASE_MS * 2 ** index) / 2 - 20));
    // Every signature is fresh: a retry is signed again with its own timestamp.
    expect(receiver.calls.every((call) => call.verifiedBy.length === 1)).toBe(true);

    await waitFor(async () => (await deliveries(subscription.id))[0]?.status === 'delivered', { what: 'the delivery recorded' });
    const [delivery] = await deliveries(subscription.id);
    expect(delivery).toMatchObject({ attempts: 4, lastStatusCode: 200, lastError: null, eventId: receiver.eventIds()[0], eventType: 'product.created' });
    expect(delivery.deliveredAt).not.toBeNull();
    expect(await metric('webhook_deliveries_total', { outcome: 'retry' })).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('retries a receiver that never answers in time', async () => {
    receiver.answer = (_call, index) => (index < 1 ? 'hold' : { status: 204 });
    const subscription = await subscribe();
    await createProduct(app, admin.accessToken);
    await waitFor(async () => receiver.calls.length >= 2, { what: 'a second attempt', timeoutMs: 30_000 });
    receiver.release();
    await waitFor(async () => (await deliveries(subscription.id))[0]?.status === 'delivered', { what: 'the delivery recorded' });
    expect(receiver.calls[1].headers['webhook-id']).toBe(receiver.calls[0].headers['webhook-id']);
  }, 60_000);

  it('disables a subscription whose delivery failed for good, with an audit event and a metric', async () => {
    receiver.answer = () => ({ status: 503 });
    const before = await metric('webhook_subscriptions_disabled_total');
    const subscription = await subscribe();
    await createProduct(app, admin.accessToken);
    await waitFor(async () => !(await api('GET', `/webhooks/${subscription.id}`)).json<Subscription>().enabled, {
      what: 'the subscription disabled',
      timeoutMs: 30_000,
    });
    expect(receiver.calls).toHaveLength(MAX_ATTEMPTS);
    const disabled = (await api('GET', `/webhooks/${subscription.id}`)).json<Subscription & { consecutiveFailures: number }>();
    expect(disabled.disabledReason).toMatch(/http status 503/);
    expect((await deliveries(subscription.id))[0]).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, lastStatusCode: 503 });
    const audit = await db.query(`SELECT outcome FROM audit_logs WHERE action = 'webhook.disabled' AND resource_id = $1`, [subscription.id]);
    expect(audit.rows).toEqual([{ outcome: 'success' }]);
    expect(await metric('webhook_subscriptions_disabled_total')).toBe(before + 1);

    // Disabled: a resend is refused until it is enabled again, which clears the failure count.
    const [delivery] = await deliveries(subscription.id);
    expect((await api('POST', `/webhooks/${subscription.id}/deliveries/${delivery.id}/resend`)).statusCode).toBe(409);
    const enabled = await api('PATCH', `/webhooks/${subscription.id}`, { enabled: true });
    expect(enabled.json()).toMatchObject({ enabled: true, disabledReason: null, consecutiveFailures: 0 });
  }, 60_000);

  it('lists deliveries page by page and resends one with the same webhook-id', async () => {
    const subscription = await subscribe();
    for (let index = 0; index < 3; index++) await createProduct(app, admin.accessToken);
    await waitFor(async () => receiver.calls.length >= 3, { what: 'three deliveries' });
    await waitFor(async () => (await deliveries(subscription.id)).every((row) => row.status === 'delivered'), { what: 'recorded' });

    const first = await api('GET', `/webhooks/${subscription.id}/deliveries?limit=2`);
    expect(first.statusCode).toBe(200);
    const page = first.json<{ data: Delivery[]; page: { hasMore: boolean; nextCursor: string } }>();
    expect(page.data).toHaveLength(2);
    expect(page.page.hasMore).toBe(true);
    const second = (await api('GET', `/webhooks/${subscription.id}/deliveries?limit=2&cursor=${page.page.nextCursor}`)).json<{ data: Delivery[] }>();
    expect(second.data).toHaveLength(1);
    // Different resources: no order between them is promised.
    expect([...page.data, ...second.data].map((row) => row.eventId).sort()).toEqual(receiver.eventIds().sort());
    expect(page.data[0]).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200, eventType: 'product.created' });
    expect(page.data[0].lastLatencyMs).toEqual(expect.any(Number));

    const resent = await api('POST', `/webhooks/${subscription.id}/deliveries/${page.data[0].id}/resend`);
    expect(resent.statusCode).toBe(202);
    expect(resent.json()).toMatchObject({ status: 'pending', attempts: 1 });
    await waitFor(async () => receiver.calls.length >= 4, { what: 'the resent delivery' });
    expect(receiver.calls[3].headers['webhook-id']).toBe(page.data[0].eventId);
    await waitFor(async () => (await deliveries(subscription.id))[0].attempts === 2, { what: 'the resend recorded' });

    expect((await api('POST', `/webhooks/${subscription.id}/deliveries/${randomUUID()}/resend`)).statusCode).toBe(404);
    expect((await api('GET', `/webhooks/${randomUUID()}/deliveries`)).statusCode).toBe(404);
  }, 60_000);

  it('after a rotation signs with both secrets, each of which verifies', async () => {
    const subscription = await subscribe();
    const rotated = await api('POST', `/webhooks/${subscription.id}/rotate-secret`);
    expect(rotated.statusCode).toBe(200);
    const { secret, previousSecretExpiresAt } = rotated.json<{ secret: string; previousSecretExpiresAt: string }>();
    expect(secret).not.toBe(subscription.secret);
    expect(Date.parse(previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    receiver.secrets = [subscription.secret, secret];
    await createProduct(app, admin.accessToken);
    await waitFor(async () => receiver.calls.length >= 1, { what: 'a delivery' });
    const [call] = receiver.calls;
    expect(call.headers['webhook-signature']?.toString().split(' ')).toHaveLength(2);
    expect(call.verifiedBy).toEqual([0, 1]);
    const audit = await db.query(`SELECT old_values, new_values FROM audit_logs WHERE action = 'webhook.rotate_secret' AND resource_id = $1`, [
      subscription.id,
    ]);
    expect(audit.rows).toHaveLength(1);
    expect(JSON.stringify(audit.rows)).not.toContain('whsec_');
  }, 60_000);

  describe('with private targets refused', () => {
    let strict: NestFastifyApplication;
    let token: string;

    beforeAll(async () => {
      strict = await bootApp({ env: { ...env, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' } });
      token = (await signedIn(strict, Role.Admin)).accessToken;
    }, 120_000);
    afterAll(() => strict?.close());

    it.each([
      'http://127.0.0.1:9/hooks',
      'https://127.0.0.1/hooks',
      'https://[::1]/',
      'https://169.254.169.254/',
      'https://10.0.0.1/',
      'https://localhost/hooks',
    ])('refuses %s with 400 and connects nowhere', async (url) => {
      const response = await strict.inject({ method: 'POST', url: '/api/v1/webhooks', headers: bearer(token), payload: { url } });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'WEBHOOK_TARGET_REFUSED', errors: [{ field: 'url', message: expect.any(String) }] });
      expect((await db.query(`SELECT count(*)::int AS n FROM webhook_subscriptions`)).rows[0].n).toBe(0);
    });
  });

  type Delivery = {
    id: string;
    eventId: string;
    eventType: string;
    status: string;
    attempts: number;
    lastStatusCode: number | null;
    lastLatencyMs: number | null;
    lastError: string | null;
    deliveredAt: string | null;
  };

  async function deliveries(subscriptionId: string): Promise<Delivery[]> {
    const response = await api('GET', `/webhooks/${subscriptionId}/deliveries?limit=100`);
    expect(response.statusCode).toBe(200);
    return response.json<{ data: Delivery[] }>().data;
  }

  async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const values = (await register.getSingleMetric(name)?.get())?.values ?? [];
    return values.filter((value) => Object.entries(labels).every(([key, label]) => value.labels[key] === label)).reduce((sum, value) => sum + value.value, 0);
  }
});
