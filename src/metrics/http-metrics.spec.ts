import Fastify, { type FastifyInstance } from 'fastify';
import { Histogram, register } from 'prom-client';
import { HTTP_DURATION_BUCKETS, HttpDurationObservers, recordAnswer, statusClass, UNMATCHED_ROUTE } from './http-metrics';

const histogramValues = async () => (await (register.getSingleMetric('http_request_duration_seconds') as Histogram).get()).values;
const histogramCount = async (labels: Record<string, string>) => {
  const values = await histogramValues();
  const match = values.find(
    (value) => value.metricName === 'http_request_duration_seconds_count' && Object.entries(labels).every(([name, label]) => value.labels[name] === label),
  );
  return match?.value ?? 0;
};

describe(statusClass.name, () => {
  it('names the class of each status code', () => {
    expect([101, 200, 204, 304, 404, 429, 500, 503, 599].map(statusClass)).toEqual(['1xx', '2xx', '2xx', '3xx', '4xx', '4xx', '5xx', '5xx', '5xx']);
  });

  it('has one fixed label for codes outside 100..599', () => {
    expect([0, 99, 600, 1000].map(statusClass)).toEqual(['other', 'other', 'other', 'other']);
  });
});

describe(HttpDurationObservers.name, () => {
  const durations = new Histogram({ name: 'test_durations_seconds', help: 'Test', labelNames: ['method', 'route', 'status_class'], registers: [] });
  const sut = new HttpDurationObservers(durations);

  it('binds one series per route, method and status class, and hands the same one out again', async () => {
    const ok = sut.observerFor('/api/v1/products', 'GET', 200);
    expect(sut.observerFor('/api/v1/products', 'GET', 204)).toBe(ok);
    expect(sut.observerFor('/api/v1/products', 'GET', 404)).not.toBe(ok);
    expect(sut.observerFor('/api/v1/products', 'POST', 200)).not.toBe(ok);
    expect(sut.observerFor('/api/v1/categories', 'GET', 200)).not.toBe(ok);

    ok(0.003);
    sut.observerFor('/api/v1/products', 'GET', 201)(0.02);
    const { values } = await durations.get();
    const counts = values.filter((value) => value.metricName === 'test_durations_seconds_count');
    expect(counts).toEqual([expect.objectContaining({ labels: { method: 'GET', route: '/api/v1/products', status_class: '2xx' }, value: 2 })]);
  });
});

describe(recordAnswer.name, () => {
  let fastify: FastifyInstance;

  beforeAll(async () => {
    fastify = Fastify();
    // As the edge's onResponse step records every answer.
    fastify.addHook('onResponse', async (request, reply) => recordAnswer(request, reply, request.routeOptions.url));
    // Answered before the handler, as the per-address limit and cache hits are.
    fastify.addHook('onRequest', async (request, reply) => {
      if (request.headers['x-answer-early']) return reply.code(429).send('early');
    });
    fastify.get('/items/:id', async () => ({ ok: true }));
    fastify.post('/items', async (_request, reply) => reply.code(500).send({ failed: true }));
    await fastify.ready();
  });

  afterAll(() => fastify.close());

  it('uses the route template as the route label, never the URL', async () => {
    await fastify.inject({ method: 'GET', url: '/items/42?colour=red' });
    await fastify.inject({ method: 'GET', url: '/items/43' });
    expect(await histogramCount({ method: 'GET', route: '/items/:id', status_class: '2xx' })).toBe(2);
    expect(await register.metrics()).not.toContain('/items/42');
  });

  it('labels requests no route matched as unmatched', async () => {
    const before = await histogramCount({ route: UNMATCHED_ROUTE, status_class: '4xx' });
    expect((await fastify.inject({ method: 'GET', url: '/nothing/here/7f1c' })).statusCode).toBe(404);
    expect(await histogramCount({ method: 'GET', route: UNMATCHED_ROUTE, status_class: '4xx' })).toBe(before + 1);
    expect(await register.metrics()).not.toContain('7f1c');
  });

  it('records answers sent from an onRequest hook and server errors', async () => {
    await fastify.inject({ method: 'GET', url: '/items/1', headers: { 'x-answer-early': '1' } });
    await fastify.inject({ method: 'POST', url: '/items' });
    expect(await histogramCount({ method: 'GET', route: '/items/:id', status_class: '4xx' })).toBe(1);
    expect(await histogramCount({ method: 'POST', route: '/items', status_class: '5xx' })).toBe(1);
  });

  it('records durations in seconds in buckets from 1 ms to 10 s', async () => {
    const values = await histogramValues();
    const buckets = values.filter((value) => value.metricName === 'http_request_duration_seconds_bucket' && value.labels.route === '/items/:id');
    expect(new Set(buckets.map((bucket) => bucket.labels.le))).toEqual(new Set([...HTTP_DURATION_BUCKETS, '+Inf']));
    const sum = values.find((value) => value.metricName === 'http_request_duration_seconds_sum' && value.labels.route === '/items/:id')!.value;
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(1);
  });
});
