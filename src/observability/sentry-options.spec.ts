import type { ErrorEvent, Event } from '@sentry/nestjs';
import { scrubEvent, scrubTransaction, selectIntegrations, sentryHttpOptions, sentryOptionsFrom } from './sentry-options';

const sentry = { dsn: 'https://key@sentry.example/1', environment: 'production', sampleRate: 0.5, tracesSampleRate: 0 };

describe(sentryOptionsFrom.name, () => {
  it('carries DSN, environment and sample rates, and sends no default PII or breadcrumbs', () => {
    const sut = sentryOptionsFrom({ sentry: { ...sentry, tracesSampleRate: 0.2 }, ownOpenTelemetry: false });
    expect(sut).toMatchObject({
      dsn: sentry.dsn,
      environment: 'production',
      sampleRate: 0.5,
      tracesSampleRate: 0.2,
      sendDefaultPii: false,
      maxBreadcrumbs: 0,
      skipOpenTelemetrySetup: false,
    });
    expect(sut.beforeSend).toBe(scrubEvent);
  });

  it('turns Sentry tracing off, not on at 0 %, when the traces sample rate is 0', () => {
    expect(sentryOptionsFrom({ sentry, ownOpenTelemetry: false }).tracesSampleRate).toBeUndefined();
  });

  it('leaves the OpenTelemetry setup to us when our OTLP export runs', () => {
    expect(sentryOptionsFrom({ sentry, ownOpenTelemetry: true }).skipOpenTelemetrySetup).toBe(true);
  });
});

describe(sentryHttpOptions.name, () => {
  it('keeps request isolation without sessions, breadcrumbs or request bodies, and skips probes', () => {
    const sut = sentryHttpOptions(false);
    expect(sut).toMatchObject({ trackIncomingRequestsAsSessions: false, breadcrumbs: false, maxIncomingRequestBodySize: 'none' });
    expect(sut?.spans).toBeUndefined();
    expect(sut?.ignoreIncomingRequests?.('/health/ready', {} as never)).toBe(true);
    expect(sut?.ignoreIncomingRequests?.('/api/v1/products', {} as never)).toBe(false);
  });

  it('makes no spans and injects no headers of its own next to our instrumentation', () => {
    expect(sentryHttpOptions(true)).toMatchObject({ spans: false, tracePropagation: false });
  });
});

describe(selectIntegrations.name, () => {
  const defaults = ['Nest', 'Console', 'Http', 'ProcessSession', 'RequestData', 'LinkedErrors', 'Postgres', 'Redis'].map((name) => ({ name }));

  it('drops console breadcrumbs, sessions and request data', () => {
    expect(selectIntegrations(defaults).map(({ name }) => name)).toEqual(['Nest', 'Http', 'LinkedErrors', 'Postgres', 'Redis']);
  });

  it('keeps only the allowed ones (no second pg or ioredis instrumentation) when given', () => {
    expect(selectIntegrations(defaults, new Set(['Nest', 'Http', 'LinkedErrors', 'Console'])).map(({ name }) => name)).toEqual([
      'Nest',
      'Http',
      'LinkedErrors',
    ]);
  });
});

describe(scrubEvent.name, () => {
  const event: ErrorEvent = {
    type: undefined,
    event_id: 'e1',
    exception: { values: [{ type: 'Error', value: 'Ledger out of balance' }] },
    tags: { requestId: 'r-1', route: '/api/v1/products/:id', 'user.id': 'u-1' },
    user: { id: 'u-1', email: 'ada@example.com', ip_address: '203.0.113.7', username: 'ada' },
    request: {
      method: 'PATCH',
      url: 'https://api.example/api/v1/products/42?email=ada@example.com',
      headers: { authorization: 'Bearer secret-token', 'x-forwarded-for': '203.0.113.7' },
      cookies: { session: 'cookie-secret' },
      data: { password: 'hunter2hunter2' },
      query_string: 'email=ada@example.com',
    },
    breadcrumbs: [{ message: 'GET https://other.example/?token=abc' }],
  };

  it('keeps the error, its tags, the user id and the method; drops everything else about the caller', () => {
    const sut = scrubEvent(event);
    expect(sut).toEqual({
      type: undefined,
      event_id: 'e1',
      exception: event.exception,
      tags: event.tags,
      user: { id: 'u-1' },
      request: { method: 'PATCH' },
    });
    for (const leak of ['ada@example.com', '203.0.113.7', 'secret-token', 'cookie-secret', 'hunter2', 'token=abc']) {
      expect(JSON.stringify(sut)).not.toContain(leak);
    }
  });

  it('adds no user or request when the event had none', () => {
    expect(scrubEvent({ event_id: 'e2' })).toEqual({ event_id: 'e2' });
  });
});

describe(scrubTransaction.name, () => {
  const transaction = (op: string): Event => ({ type: 'transaction', transaction: 'x', contexts: { trace: { op, trace_id: 't', span_id: 's' } } });

  it.each(['db.redis', 'db.redis.connect', 'db', 'request_handler.fastify'])('drops a root %s transaction (no request behind it)', (op) => {
    expect(scrubTransaction(transaction(op))).toBeNull();
  });

  it.each(['http.server', 'app_creation.nestjs', 'queue.process'])('keeps and scrubs a %s transaction', (op) => {
    expect(scrubTransaction({ ...transaction(op), request: { url: 'https://api.example/x?email=a@b' } })).toEqual({ ...transaction(op) });
  });
});
