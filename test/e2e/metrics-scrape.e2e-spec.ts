import { spawnTracked } from '../harness/child-processes';
import { randomInt, randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { DatabasePools } from '../../src/database/database-pools';
import { BusinessMetrics } from '../../src/metrics/business-metrics';
import { gauge } from '../../src/metrics/metric-registry';
import { bootApp } from '../harness/app';

const TOKEN = 'scrape-token-for-metrics-e2e';
const POOL_SIZE = 4;
// Small enough to reach in a few requests; each test calls from addresses of its own.
const GLOBAL_LIMIT = 3;

type Labels = Record<string, string>;

/** A scrape as `series → value`, the series written `name{label="value",...}` with labels sorted by name. */
class Scrape {
  readonly samples = new Map<string, number>();

  constructor(readonly text: string) {
    for (const line of text.split('\n')) {
      const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!sample) continue;
      const labels = Object.fromEntries([...(sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, name, value]) => [name, value]));
      this.samples.set(Scrape.key(sample[1], labels), Number(sample[3]));
    }
  }

  static key(name: string, labels: Labels = {}): string {
    const pairs = Object.keys(labels)
      .sort()
      .map((label) => `${label}="${labels[label]}"`);
    return `${name}{${pairs.join(',')}}`;
  }

  value(name: string, labels?: Labels): number | undefined {
    return this.samples.get(Scrape.key(name, labels));
  }

  /** How much a counter grew since `earlier` (a series absent there counts from 0). */
  increase(earlier: Scrape, name: string, labels?: Labels): number {
    return (this.value(name, labels) ?? Number.NaN) - (earlier.value(name, labels) ?? 0);
  }
}

/** `promtool check metrics` on `text`: the problems it reports, empty when it accepts the exposition. */
function promtoolProblems(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const promtool = spawnTracked('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    promtool.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    promtool.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    promtool.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error('promtool is not on the PATH: install the Debian package "prometheus"') : error),
    );
    promtool.on('close', (code) => resolve(code === 0 ? output.trim() : `exit code ${code}: ${output.trim()}`));
    promtool.stdin!.end(text);
  });
}

describe('/metrics content', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await bootApp({
      env: {
        METRICS_TOKEN: TOKEN,
        RATE_LIMIT_GLOBAL_LIMIT: String(GLOBAL_LIMIT),
        REDIS_KEY_PREFIX: `test-${randomUUID()}:`,
        DATABASE_POOL_SIZE: String(POOL_SIZE),
      },
    });
  });

  afterAll(() => app.close());

  const scrape = async () => {
    const response = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return new Scrape(response.body);
  };
  const get = (url: string, remoteAddress: string) => app.inject({ method: 'GET', url, remoteAddress });
  const duration = (method: string, route: string, statusClass: string) =>
    ['http_request_duration_seconds_count', { method, route, status_class: statusClass }] as const;

  it('times every answer by method, route template and status class, cache hits and refusals included', async () => {
    const before = await scrape();
    const list = `/api/v1/products?limit=2&maxPrice=${randomInt(1_000_000)}`;
    const missing = `/api/v1/no-such-thing-${randomUUID()}`;

    expect((await get('/health/live', '192.0.2.1')).statusCode).toBe(200);
    expect((await get(list, '192.0.2.2')).headers['x-cache']).toBe('MISS');
    expect((await get(list, '192.0.2.2')).headers['x-cache']).toBe('HIT');
    expect((await get(missing, '192.0.2.3')).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: '/health/live' })).statusCode).toBe(405);
    // The global limit refuses the next request from one address, for a cached answer as for any other.
    const cachedStatuses = [];
    for (let i = 0; i <= GLOBAL_LIMIT; i++) cachedStatuses.push((await get(list, '192.0.2.4')).statusCode);
    const routedStatuses = [];
    for (let i = 0; i <= GLOBAL_LIMIT; i++) routedStatuses.push((await get('/api/v1/fixtures/context', '192.0.2.5')).statusCode);
    expect([cachedStatuses, routedStatuses]).toEqual([
      [200, 200, 200, 429],
      [200, 200, 200, 429],
    ]);

    const after = await scrape();
    expect(after.increase(before, ...duration('GET', '/health/live', '2xx'))).toBe(1);
    expect(after.increase(before, ...duration('GET', '/api/v1/products', '2xx'))).toBe(2 + GLOBAL_LIMIT);
    expect(after.increase(before, ...duration('GET', '/api/v1/products', '4xx'))).toBe(1);
    expect(after.increase(before, ...duration('GET', '/api/v1/fixtures/context', '2xx'))).toBe(GLOBAL_LIMIT);
    expect(after.increase(before, ...duration('GET', '/api/v1/fixtures/context', '4xx'))).toBe(1);
    expect(after.increase(before, ...duration('GET', 'unmatched', '4xx'))).toBe(1);
    expect(after.increase(before, ...duration('DELETE', 'unmatched', '4xx'))).toBe(1);
    expect(after.increase(before, ...duration('GET', '/metrics', '2xx'))).toBe(1);
    expect(after.increase(before, 'rate_limit_rejections_total', { policy: 'global' })).toBe(2);
    expect(after.value('rate_limit_rejections_total', { policy: 'credentials-ip' })).toBe(0);

    const le = (bound: string) => after.value('http_request_duration_seconds_bucket', { method: 'GET', route: '/health/live', status_class: '2xx', le: bound });
    expect(le('+Inf')).toBe(after.value(...duration('GET', '/health/live', '2xx')));
    expect(le('0.001')).toBeDefined();
    expect(le('10')).toBeDefined();
    expect(after.text).toContain('# TYPE http_request_duration_seconds histogram');

    // Never a raw URL in a label: no path of a request that matched no route, no query string.
    expect(after.text).not.toContain(missing.slice(-36));
    expect(after.text).not.toContain('maxPrice');
    expect([...after.samples.keys()].filter((series) => series.includes('route="/api/v1/no-such'))).toEqual([]);

    await expect(promtoolProblems(after.text)).resolves.toBe('');
  });

  it('times queries per pool and outcome, through TypeORM and through the pools directly', async () => {
    const before = await scrape();
    const [primary, replica] = app.get(DatabasePools).all();
    await expect(app.get(DataSource).query('SELECT 1/0')).rejects.toThrow(/division by zero/);
    await expect(replica.pool.query('SELECT 1/0')).rejects.toThrow(/division by zero/);
    await primary.pool.query('SELECT 1');
    await replica.pool.query('SELECT 1');

    const after = await scrape();
    const count = (pool: string, outcome: string) => after.increase(before, 'db_query_duration_seconds_count', { pool, outcome });
    expect(count('primary', 'error')).toBe(1);
    expect(count('replica', 'error')).toBe(1);
    // At least: the app's own queries (replay-position polls on the replicas, for one) run meanwhile.
    expect(count('primary', 'ok')).toBeGreaterThanOrEqual(1);
    expect(count('replica', 'ok')).toBeGreaterThanOrEqual(1);
    expect(after.value('db_query_duration_seconds_bucket', { pool: 'primary', outcome: 'error', le: '+Inf' })).toBeGreaterThanOrEqual(1);
  });

  it('reports pool connections as they are at scrape time', async () => {
    const { pool } = app.get(DatabasePools).all()[0];
    const held = await Promise.all(Array.from({ length: POOL_SIZE }, () => pool.connect()));
    const queued = pool.query('SELECT 1');
    try {
      const busy = await scrape();
      expect(busy.value('db_pool_connections', { pool: 'primary', state: 'total' })).toBe(POOL_SIZE);
      expect(busy.value('db_pool_connections', { pool: 'primary', state: 'idle' })).toBe(0);
      expect(busy.value('db_pool_connections', { pool: 'primary', state: 'waiting' })).toBeGreaterThanOrEqual(1);
    } finally {
      held.forEach((client) => client.release());
    }
    await queued;

    const calm = await scrape();
    expect(calm.value('db_pool_connections', { pool: 'primary', state: 'waiting' })).toBe(0);
    expect(calm.value('db_pool_connections', { pool: 'primary', state: 'idle' })).toBeGreaterThanOrEqual(1);
    expect(calm.value('db_pool_connections', { pool: 'replica', state: 'total' })).toBeGreaterThanOrEqual(1);
  });

  it('counts business events recorded through the injectable BusinessMetrics', async () => {
    const before = await scrape();
    const business = app.get(BusinessMetrics);
    business.productCreated();
    business.productCreated();
    business.loginFailed();

    const after = await scrape();
    expect(after.increase(before, 'catalog_products_created_total')).toBe(2);
    expect(after.increase(before, 'auth_logins_failed_total')).toBe(1);
  });

  it('serves metrics other modules register, next to the default process metrics', async () => {
    gauge({ name: 'test_extra_module_items', help: 'Registered by another module', labelNames: ['queue', 'state'] }).set(
      { queue: 'mail', state: 'waiting' },
      3,
    );

    const scraped = await scrape();
    expect(scraped.value('test_extra_module_items', { queue: 'mail', state: 'waiting' })).toBe(3);
    expect(scraped.value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(scraped.text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
    await expect(promtoolProblems(scraped.text)).resolves.toBe('');
  });
});
