import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { bootApp } from '../harness/app';
import { bearer, signedIn } from '../harness/factories';
import { waitFor } from '../harness/free-port';
import { RedisServer } from '../harness/redis-server';
import { storageKeyFor } from '../../src/common/idempotency/idempotency-key';
import { AppWithIdempotencyFixturesModule, ITEMS_ROUTE, ITEMS_TABLE, MINE_ROUTE } from './idempotency.fixtures';

interface Sent {
  key?: string;
  body: Record<string, unknown>;
  ip?: string;
  headers?: Record<string, string>;
  url?: string;
}

const post = (app: NestFastifyApplication, { key, body, ip = '198.51.100.1', headers = {}, url = ITEMS_ROUTE }: Sent) =>
  app.inject({ method: 'POST', url, remoteAddress: ip, headers: { ...headers, ...(key === undefined ? {} : { 'idempotency-key': key }) }, payload: body });

const item = (values: Record<string, unknown> = {}) => ({ tag: randomUUID(), name: 'Mug', ...values });

let database: Client;

/** How many times the handler wrote for this test's tag, read on the primary. */
async function rows(tag: unknown): Promise<number> {
  const result = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ITEMS_TABLE} WHERE tag = $1`, [tag]);
  return result.rows[0].n;
}

function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; json: () => Record<string, unknown> }, status: number, code: string) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ status, code });
}

beforeAll(async () => {
  database = new Client({ connectionString: process.env.DATABASE_URL });
  await database.connect();
  await database.query(`CREATE TABLE IF NOT EXISTS ${ITEMS_TABLE} (id bigserial PRIMARY KEY, tag uuid NOT NULL, name text NOT NULL)`);
});

afterAll(async () => {
  await database?.query(`DROP TABLE IF EXISTS ${ITEMS_TABLE}`);
  await database?.end();
});

describe('Idempotent POSTs, two instances sharing the database', () => {
  let first: NestFastifyApplication;
  let second: NestFastifyApplication;

  beforeAll(async () => {
    first = await bootApp({ module: AppWithIdempotencyFixturesModule });
    second = await bootApp({ module: AppWithIdempotencyFixturesModule });
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it('replays a retry with the same key and body: same status, body and headers, marked, and the handler ran once', async () => {
    const key = randomUUID();
    const body = item();
    const original = await post(first, { key, body });
    expect(original.statusCode).toBe(201);
    expect(original.headers['idempotent-replayed']).toBeUndefined();

    // The same members in another order are the same request.
    const retry = await post(first, { key, body: { name: body.name, tag: body.tag } });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(original.json());
    for (const header of ['location', 'etag', 'content-type']) expect(retry.headers[header]).toBe(original.headers[header]);
    expect(retry.headers['x-request-id']).not.toBe(original.headers['x-request-id']);
    expect(await rows(body.tag)).toBe(1);
  });

  it('replays across instances: a retry reaching the other instance gets the first one’s response', async () => {
    const key = randomUUID();
    const body = item();
    const original = await post(first, { key, body });
    const retry = await post(second, { key, body });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(original.json());
    expect(retry.headers.location).toBe(original.headers.location);
    expect(await rows(body.tag)).toBe(1);
  });

  it('refuses the same key with a different body with 422, changing nothing', async () => {
    const key = randomUUID();
    const body = item();
    await post(first, { key, body });
    const reused = await post(second, { key, body: { ...body, name: 'Teapot' } });
    expectProblem(reused, 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await rows(body.tag)).toBe(1);
  });

  /** Whether the database holds a record for `key` of an anonymous caller at `ip` (false before the first request has claimed it). */
  const storedFor = async (key: string, ip = '198.51.100.1') => {
    const stored = storageKeyFor({ clientIp: ip, method: 'POST', route: ITEMS_ROUTE }, key);
    return (await database.query(`SELECT 1 FROM idempotency_keys WHERE key = $1`, [stored])).rowCount === 1;
  };

  it('answers a duplicate sent while the first is still running with 409 and Retry-After: 1, on either instance', async () => {
    const key = randomUUID();
    // Long enough for the duplicates to arrive while it runs, however busy the machine.
    const body = item({ delayMs: 2_000 });
    const running = post(first, { key, body });
    await waitFor(() => storedFor(key), { what: 'the first request to claim its key' });
    const [two, three] = await Promise.all([post(first, { key, body }), post(second, { key, body })]);
    const one = await running;
    expect(one.statusCode).toBe(201);
    for (const duplicate of [two, three]) {
      expectProblem(duplicate, 409, 'IDEMPOTENCY_KEY_IN_FLIGHT');
      expect(duplicate.headers['retry-after']).toBe('1');
    }
    expect(await rows(body.tag)).toBe(1);

    const later = await post(second, { key, body });
    expect(later.statusCode).toBe(201);
    expect(later.headers['idempotent-replayed']).toBe('true');
    expect(later.json()).toEqual(one.json());
  });

  it('lets one of two simultaneous requests through, whichever instance they reach', async () => {
    const key = randomUUID();
    const body = item({ delayMs: 2_000 });
    const statuses = (await Promise.all([post(first, { key, body }), post(second, { key, body })])).map((response) => response.statusCode);
    expect(statuses.sort()).toEqual([201, 409]);
    expect(await rows(body.tag)).toBe(1);
  });

  it('runs every request that carries no key', async () => {
    const body = item();
    const responses = [await post(first, { body }), await post(first, { body }), await post(second, { body })];
    expect(responses.map((response) => response.statusCode)).toEqual([201, 201, 201]);
    expect(responses.every((response) => response.headers['idempotent-replayed'] === undefined)).toBe(true);
    expect(new Set(responses.map((response) => response.json().id)).size).toBe(3);
    expect(await rows(body.tag)).toBe(3);
  });

  it.each([
    ['empty', ''],
    ['with a space', 'two words'],
    ['over 255 characters', 'k'.repeat(256)],
    ['not ASCII', 'clé'],
  ])('refuses a key %s with 400 before running anything', async (_what, key) => {
    const body = item();
    expectProblem(await post(first, { key, body }), 400, 'IDEMPOTENCY_KEY_INVALID');
    expect(await rows(body.tag)).toBe(0);
  });

  it('accepts the quoted Structured Field form of a key as the same key', async () => {
    const key = randomUUID();
    const body = item();
    await post(first, { key: `"${key}"`, body });
    expect((await post(second, { key, body })).headers['idempotent-replayed']).toBe('true');
  });

  it('frees the key after a 500, so a retry runs (and is then replayed)', async () => {
    const key = randomUUID();
    const body = item({ failTimes: 1 });
    expectProblem(await post(first, { key, body }), 500, 'INTERNAL_ERROR');
    expect(await rows(body.tag)).toBe(0);

    const retry = await post(first, { key, body });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect((await post(second, { key, body })).headers['idempotent-replayed']).toBe('true');
    expect(await rows(body.tag)).toBe(1);
  });

  it('frees the key after a 4xx, so the client can correct the request and send it under the same key', async () => {
    const key = randomUUID();
    const body = item();
    expectProblem(await post(first, { key, body: { tag: body.tag } }), 400, 'VALIDATION_FAILED');
    const corrected = await post(first, { key, body });
    expect(corrected.statusCode).toBe(201);
    expect(corrected.headers['idempotent-replayed']).toBeUndefined();
    expect(await rows(body.tag)).toBe(1);
  });

  it('scopes keys of anonymous callers by address', async () => {
    const key = randomUUID();
    const body = item();
    await post(first, { key, body, ip: '198.51.100.20' });
    const elsewhere = await post(first, { key, body, ip: '198.51.100.21' });
    expect(elsewhere.statusCode).toBe(201);
    expect(elsewhere.headers['idempotent-replayed']).toBeUndefined();
    expect(await rows(body.tag)).toBe(2);
  });

  it('scopes keys of signed-in callers by user, wherever they call from', async () => {
    const [alice, bob] = [await signedIn(first), await signedIn(first)];
    const key = randomUUID();
    const body = item();
    const original = await post(first, { url: MINE_ROUTE, key, body, headers: bearer(alice.accessToken), ip: '203.0.113.1' });
    expect(original.json()).toMatchObject({ owner: alice.id });

    const fromElsewhere = await post(second, { url: MINE_ROUTE, key, body, headers: bearer(alice.accessToken), ip: '203.0.113.99' });
    expect(fromElsewhere.headers['idempotent-replayed']).toBe('true');
    expect(fromElsewhere.json()).toEqual(original.json());

    const bobsOwn = await post(first, { url: MINE_ROUTE, key, body, headers: bearer(bob.accessToken), ip: '203.0.113.1' });
    expect(bobsOwn.statusCode).toBe(201);
    expect(bobsOwn.json()).toMatchObject({ owner: bob.id });
    expect(await rows(body.tag)).toBe(2);
  });

  it('keeps the response in the database for IDEMPOTENCY_TTL_SECONDS, without the client’s key', async () => {
    const key = randomUUID();
    const ip = '198.51.100.30';
    await post(first, { key, body: item(), ip });
    const stored = storageKeyFor({ clientIp: ip, method: 'POST', route: ITEMS_ROUTE }, key);
    const { rows: found } = await database.query<{ value: string; ttl_ms: number }>(
      `SELECT value, (extract(epoch FROM expires_at - now()) * 1000)::int AS ttl_ms FROM idempotency_keys WHERE key = $1`,
      [stored],
    );
    expect(found).toHaveLength(1);
    expect(found[0].ttl_ms).toBeGreaterThan(86_400_000 - 60_000);
    expect(found[0].ttl_ms).toBeLessThanOrEqual(86_400_000);
    expect(found[0].value).not.toContain(key);
  });

  it('documents the header and the 409, 422 and 503 answers in the OpenAPI document', async () => {
    const operation = (await first.inject({ method: 'GET', url: '/docs-json' })).json().paths[ITEMS_ROUTE].post;
    expect(operation.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false })]));
    for (const status of ['409', '422', '503']) {
      expect(operation.responses[status].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/ProblemDetails' });
    }
  });
});

describe('Idempotent POSTs when Redis goes down', () => {
  let redis: RedisServer;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    redis = await RedisServer.start();
    app = await bootApp({ env: { REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '300' }, module: AppWithIdempotencyFixturesModule });
  });

  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('still runs a keyed request once and replays its retry: the keys live in the database, not in Redis', async () => {
    await redis.stop();
    const [key, body] = [randomUUID(), item()];
    const original = await post(app, { key, body });
    expect(original.statusCode).toBe(201);
    const retry = await post(app, { key, body });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(original.json());
    expectProblem(await post(app, { key, body: { ...body, name: 'Teapot' } }), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await rows(body.tag)).toBe(1);
  });
});

describe('Idempotent POSTs without Redis', () => {
  let first: NestFastifyApplication;
  let second: NestFastifyApplication;

  beforeAll(async () => {
    first = await bootApp({ env: { REDIS_URL: '' }, module: AppWithIdempotencyFixturesModule });
    second = await bootApp({ env: { REDIS_URL: '' }, module: AppWithIdempotencyFixturesModule });
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it('shares keys between instances through the database: replays, refuses reuse and duplicates in flight', async () => {
    const key = randomUUID();
    const body = item();
    const original = await post(first, { key, body });
    const retry = await post(second, { key, body });
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(original.json());
    expectProblem(await post(first, { key, body: { ...body, name: 'Teapot' } }), 422, 'IDEMPOTENCY_KEY_REUSED');

    const slow = item({ delayMs: 2_000 });
    const other = randomUUID();
    const statuses = (await Promise.all([post(first, { key: other, body: slow }), post(second, { key: other, body: slow })])).map(
      (response) => response.statusCode,
    );
    expect(statuses.sort()).toEqual([201, 409]);
    expect(await rows(body.tag)).toBe(1);
    expect(await rows(slow.tag)).toBe(1);
  });
});
