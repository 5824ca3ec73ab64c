import { randomInt } from 'node:crypto';
import { FakeReceiver } from '../harness/fake-receiver';
import { logLines, startInstrumentedApp } from '../harness/instrumented-app';
import { envelopeItems, type ExportedSpan, exportedSpans, SpanKind } from '../harness/telemetry-payloads';

const PG = '@opentelemetry/instrumentation-pg';
const IOREDIS = '@opentelemetry/instrumentation-ioredis';
const HTTP = '@opentelemetry/instrumentation-http';

/** Whether `span` sits under `root` in `spans` (following parent ids). */
function descendsFrom(span: ExportedSpan, root: ExportedSpan, spans: ExportedSpan[]): boolean {
  const byId = new Map(spans.map((candidate) => [candidate.spanId, candidate]));
  for (let parent = span.parentSpanId; parent; parent = byId.get(parent)?.parentSpanId) if (parent === root.spanId) return true;
  return false;
}

describe('Tracing (OpenTelemetry over OTLP)', () => {
  // Each test compiles, instruments and boots the service in a child process: minutes on a loaded machine.
  let collector: FakeReceiver;

  beforeEach(async () => {
    collector = await FakeReceiver.start();
  });

  afterEach(async () => {
    await collector.close();
  });

  it('exports the HTTP, PostgreSQL and Redis spans of a request as one trace, named by route, and logs its trace id', async () => {
    const app = await startInstrumentedApp({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SERVICE_NAME: 'catalog-api-e2e' });
    try {
      // A query string no one has asked for: a cache miss, so Redis (lookup, store) and the replica are both used.
      const response = await fetch(`${app.baseUrl}/api/v1/products?limit=${randomInt(1, 100)}&maxPrice=${randomInt(1, 1e9)}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-cache')).toBe('MISS');
      const requestId = response.headers.get('x-request-id');
      // The provider is shut down (flushed) on SIGTERM before the process exits.
      expect(await app.stop()).toBe(0);

      const spans = exportedSpans(collector.received);
      const servers = spans.filter((span) => span.scope === HTTP && span.attributes['http.route'] === '/api/v1/products');
      expect(servers).toHaveLength(1);
      const [server] = servers;
      expect(server).toMatchObject({ kind: SpanKind.Server, name: 'GET /api/v1/products', serviceName: 'catalog-api-e2e', parentSpanId: undefined });
      const children = spans.filter((span) => span.traceId === server.traceId && span !== server);
      expect(children.filter((span) => span.scope === PG).map(({ name }) => name)).toContainEqual(expect.stringMatching(/^pg\.query:SELECT/));
      expect(children.filter((span) => span.scope === IOREDIS).map(({ name }) => name)).toEqual(expect.arrayContaining(['get', 'set']));
      for (const child of children) expect(descendsFrom(child, server, spans)).toBe(true);
      // Commands are traced by name only (keys may carry e-mail addresses), and probes are not traced at all.
      for (const redis of children.filter((span) => span.scope === IOREDIS)) expect(redis.attributes['db.statement']).toBe(redis.name);
      expect(spans.some((span) => String(span.attributes['http.target'] ?? span.attributes['url.path']).startsWith('/health/'))).toBe(false);

      const line = logLines(app.stdout()).find((entry) => entry.requestId === requestId && entry.msg === 'GET /api/v1/products 200');
      expect(line).toMatchObject({ traceId: server.traceId, spanId: server.spanId });
    } finally {
      await app.stop();
    }
  }, 300_000);

  it('next to Sentry, shares one provider: the 5xx reported to Sentry carries the trace id exported over OTLP', async () => {
    const sentry = await FakeReceiver.start();
    const app = await startInstrumentedApp({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      SENTRY_DSN: `http://publickey@127.0.0.1:${new URL(sentry.url).port}/1`,
    });
    try {
      const response = await fetch(`${app.baseUrl}/api/v1/fixtures/boom`);
      expect(response.status).toBe(500);
      expect(await app.stop()).toBe(0);

      const servers = exportedSpans(collector.received).filter((span) => span.scope === HTTP && span.attributes['http.route'] === '/api/v1/fixtures/boom');
      expect(servers).toHaveLength(1);
      const items = envelopeItems(sentry.received);
      const events = items.filter(({ type }) => type === 'event').map(({ payload }) => payload as { contexts: { trace: { trace_id: string } } });
      expect(events).toHaveLength(1);
      expect(events[0].contexts.trace.trace_id).toBe(servers[0].traceId);
      // SENTRY_TRACES_SAMPLE_RATE defaults to 0: Sentry takes errors only, OTLP every trace.
      expect(items.filter(({ type }) => type === 'transaction')).toEqual([]);
      // Neither SDK traces the other's uploads: the process made no outgoing HTTP call of its own.
      expect(exportedSpans(collector.received).filter((span) => span.scope === HTTP && span.kind !== SpanKind.Server)).toEqual([]);
    } finally {
      await app.stop();
      await sentry.close();
    }
  }, 300_000);
});
