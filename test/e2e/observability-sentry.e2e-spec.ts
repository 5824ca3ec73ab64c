import { randomUUID } from 'node:crypto';
import { FakeReceiver } from '../harness/fake-receiver';
import { startInstrumentedApp, type InstrumentedApp } from '../harness/instrumented-app';
import { envelopeItems } from '../harness/telemetry-payloads';

const FAIL_ROUTE = '/api/v1/observability-fixtures/orders/:orderId/fail';

async function register(app: InstrumentedApp): Promise<{ email: string; userId: string; accessToken: string }> {
  const email = `sentry-${randomUUID()}@example.com`;
  const response = await fetch(`${app.baseUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'correct horse battery staple' }),
  });
  expect(response.status).toBe(201);
  const { user, tokens } = (await response.json()) as { user: { id: string }; tokens: { accessToken: string } };
  return { email, userId: user.id, accessToken: tokens.accessToken };
}

describe('Error monitoring (Sentry)', () => {
  // Each test compiles, instruments and boots the service in a child process: minutes on a loaded machine.
  let sentry: FakeReceiver;

  beforeEach(async () => {
    sentry = await FakeReceiver.start();
  });

  afterEach(async () => {
    await sentry.close();
  });

  it('reports each 5xx once with the request id, route template and user id, and nothing else of the caller; never a 4xx', async () => {
    const app = await startInstrumentedApp({ SENTRY_DSN: `http://publickey@127.0.0.1:${new URL(sentry.url).port}/1`, BODY_LIMIT_BYTES: '2048' });
    try {
      const caller = await register(app);
      const base = `${app.baseUrl}/api/v1`;
      const clientErrors = await Promise.all([
        fetch(`${base}/no-such-route`),
        fetch(`${base}/observability-fixtures/loaded-sdks`, { method: 'DELETE' }),
        fetch(`${base}/observability-fixtures/orders/o-1/fail`),
        fetch(`${base}/fixtures/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ price: -1 }) }),
        fetch(`${base}/fixtures/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x'.repeat(4096) }) }),
      ]);
      expect(clientErrors.map(({ status }) => status)).toEqual([404, 405, 401, 400, 413]);

      const failed = await fetch(`${base}/observability-fixtures/orders/o-42/fail?email=${encodeURIComponent(caller.email)}`, {
        headers: { authorization: `Bearer ${caller.accessToken}`, cookie: 'session=cookie-secret', 'x-forwarded-for': '203.0.113.7' },
      });
      expect(failed.status).toBe(500);
      const requestId = failed.headers.get('x-request-id');

      // Graceful stop flushes the SDK: everything the process meant to send has arrived once it exits.
      expect(await app.stop()).toBe(0);
      const events = envelopeItems(sentry.received).filter(({ type }) => type === 'event');
      expect(events).toHaveLength(1);
      const [{ payload: event }] = events;
      expect(event).toMatchObject({
        level: 'error',
        environment: 'test',
        tags: { requestId, route: FAIL_ROUTE, 'user.id': caller.userId },
        user: { id: caller.userId },
        transaction: `GET ${FAIL_ROUTE}`,
        exception: { values: [expect.objectContaining({ type: 'Error', value: 'Ledger out of balance for order o-42' })] },
      });
      expect(Object.keys(event.tags as object).sort()).toEqual(['requestId', 'route', 'user.id']);
      expect(event.user).toEqual({ id: caller.userId });
      expect(event).not.toHaveProperty('request');
      expect(event).not.toHaveProperty('breadcrumbs');
      const serialised = JSON.stringify(event);
      for (const leak of [caller.email, caller.accessToken, 'cookie-secret', '203.0.113.7', '127.0.0.1', 'authorization', 'o-42/fail']) {
        expect(serialised).not.toContain(leak);
      }
    } finally {
      await app.stop();
    }
  }, 300_000);

  it('without SENTRY_DSN (and no OTLP endpoint) loads no SDK, no require hook, and sends nothing', async () => {
    const app = await startInstrumentedApp({});
    try {
      const loaded = await fetch(`${app.baseUrl}/api/v1/observability-fixtures/loaded-sdks`);
      // The OpenTelemetry API alone is expected: the log mixin asks it for the active span, a no-op without an SDK.
      expect(await loaded.json()).toEqual({ packages: ['@opentelemetry/api'], sentryCarrier: false });

      const failed = await fetch(`${app.baseUrl}/api/v1/fixtures/boom`);
      expect(failed.status).toBe(500);
      expect(failed.headers.get('content-type')).toContain('application/problem+json');
      expect(await app.stop()).toBe(0);
      expect(sentry.received).toEqual([]);
    } finally {
      await app.stop();
    }
  }, 300_000);
});
