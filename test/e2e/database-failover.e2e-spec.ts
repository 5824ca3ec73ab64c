import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LightMyRequestResponse } from 'fastify';
import { DatabasePools } from '../../src/database/database-pools';
import { useServerErrorReporter } from '../../src/observability/observability-runtime';
import { Role } from '../../src/users/role';
import { bootApp } from '../harness/app';
import { createProduct } from '../harness/catalog-factories';
import { bearer, DEFAULT_PASSWORD, signedIn, type TestUser, type Tokens } from '../harness/factories';
import { waitFor } from '../harness/free-port';
import { PostgresCluster } from '../harness/postgres-cluster';

const DATABASE = 'catalog_test';
const APPLICATION_NAME = 'catalog-api';

/**
 * Stops and starts the cluster's primary as an operator or a failover manager would (`pg_ctl`, fast shutdown: every
 * session ends with 57P01). The harness can stop only the replica; pg_ctl restarts a stopped server with the
 * options it last ran with (its data folder's `postmaster.opts`, which also names the binaries).
 */
class PrimaryServer {
  private readonly dataDir: string;
  private readonly pgCtl: string;

  constructor(cluster: PostgresCluster) {
    this.dataDir = join(cluster.dir, 'primary');
    const postgres = readFileSync(join(this.dataDir, 'postmaster.opts'), 'utf8').split(' ')[0].replace(/"/g, '');
    this.pgCtl = join(dirname(postgres), 'pg_ctl');
  }

  stop(): void {
    this.run(['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
  }

  start(): void {
    this.run(['-D', this.dataDir, '-l', `${this.dataDir}.log`, '-w', '-t', '60', 'restart']);
  }

  private run(args: string[]): void {
    // PostgreSQL refuses to run as root; the harness runs it as the `postgres` system user then.
    const ids =
      process.getuid?.() === 0
        ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) }
        : {};
    const result = spawnSync(this.pgCtl, args, { ...ids, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    if (result.status !== 0) throw new Error(`pg_ctl ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  }
}

/** A cluster of its own: stopping its primary and making it read-only must not disturb the other test files. */
describe('Database failover: a 503 with Retry-After, never a 500 or a 401', () => {
  let cluster: PostgresCluster;
  let primaryServer: PrimaryServer;
  let app: NestFastifyApplication;
  let admin: string;
  const reported: Array<{ status: number; route?: string }> = [];
  let errorLogs: jest.SpyInstance;
  let warnLogs: jest.SpyInstance;

  beforeAll(async () => {
    cluster = await PostgresCluster.start();
    primaryServer = new PrimaryServer(cluster);
    app = await bootApp({
      env: {
        DATABASE_URL: cluster.primaryUrl,
        DATABASE_REPLICA_URLS: cluster.replicaUrl,
        REDIS_KEY_PREFIX: `test-${randomUUID()}:`,
        DATABASE_REPLICA_LSN_POLL_MS: '50',
        CATALOG_CACHE_ENABLED: 'false',
      },
    });
    ({ accessToken: admin } = await signedIn(app, Role.Admin));
    // What error monitoring would receive (the filter hands every reported 5xx to this one function).
    useServerErrorReporter((_error, context) => reported.push(context));
  });

  afterAll(async () => {
    useServerErrorReporter(() => undefined);
    await app?.close();
    cluster?.stop();
  });

  beforeEach(() => {
    reported.length = 0;
    errorLogs = jest.spyOn(Logger.prototype, 'error');
    warnLogs = jest.spyOn(Logger.prototype, 'warn');
  });

  afterEach(() => jest.restoreAllMocks());

  const primarySql = <T = Record<string, unknown>>(text: string, values: unknown[] = []) => cluster.sql<T>(cluster.primaryPort, DATABASE, text, values);
  const adminSql = (text: string) => cluster.sql(cluster.primaryPort, 'postgres', text);
  const primaryPool = () => app.get(DatabasePools).all()[0].pool;

  const me = (token: string) => app.inject({ method: 'GET', url: '/api/v1/users/me', headers: bearer(token) });
  const rename = (token: string, name: string) => app.inject({ method: 'PATCH', url: '/api/v1/users/me', headers: bearer(token), payload: { name } });
  /** A different query each time, so that no cache can answer it: the read reaches a database. */
  const catalog = (token?: string) =>
    app.inject({ method: 'GET', url: `/api/v1/products?limit=5&minPrice=${Math.floor(Math.random() * 1_000)}`, headers: token ? bearer(token) : {} });

  /** Ends the app's sessions on one server, as `pg_terminate_backend` does to a failing-over primary's clients (57P01). */
  async function terminateAppSessions(port: number): Promise<number> {
    const rows = await cluster.sql(
      port,
      'postgres',
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()`,
      [APPLICATION_NAME],
    );
    return rows.length;
  }

  function expectUnavailable(response: LightMyRequestResponse): void {
    expect({ status: response.statusCode, body: response.json() }).toEqual({
      status: 503,
      body: expect.objectContaining({ status: 503, code: 'SERVICE_UNAVAILABLE', detail: 'The service is temporarily unavailable; retry shortly' }),
    });
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['retry-after']).toBe('2');
  }

  /** Every answer during an outage is a success or a 503 with Retry-After: never a 500, never a 401. */
  function expectSuccessOrUnavailable(responses: LightMyRequestResponse[]): void {
    for (const response of responses) {
      if (response.statusCode === 503) expectUnavailable(response);
      else expect({ status: response.statusCode, body: response.body }).toEqual({ status: 200, body: expect.any(String) });
    }
  }

  /** The outage was warned about, not logged as an error, and nothing went to error monitoring. */
  function expectQuietOutage(): void {
    expect(errorLogs.mock.calls.filter(([, message]) => message === 'Unhandled error')).toEqual([]);
    expect(reported).toEqual([]);
  }

  const unavailableWarnings = () =>
    warnLogs.mock.calls.map(([fields]) => fields as { event?: string; sqlState?: string }).filter(({ event }) => event === 'database.unavailable');

  it('(a) answers 503 for a query whose connection the server terminates (57P01), and serves the next requests on new connections', async () => {
    const user = await signedIn(app);
    // Connections in both pools, idle between requests.
    expect((await me(user.accessToken)).statusCode).toBe(200);
    expect((await catalog()).statusCode).toBe(200);

    const slow = app.inject({ method: 'GET', url: '/api/v1/fixtures/slow-query?ms=20000' });
    await waitFor(
      async () =>
        (await primarySql(`SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'SELECT pg_sleep%'`, [APPLICATION_NAME])).length === 1,
      {
        what: 'the slow query to run on the primary',
      },
    );
    const before = await primarySql<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [APPLICATION_NAME]);
    expect(await terminateAppSessions(cluster.primaryPort)).toBeGreaterThanOrEqual(1);
    await terminateAppSessions(cluster.replicaPort);

    // The statement that was running when its session ended: an outage, not a bug.
    expectUnavailable(await slow);
    expect(unavailableWarnings()).toContainEqual(expect.objectContaining({ sqlState: '57P01' }));

    // Straight after: signed-in reads, catalog reads and writes, at once. The pools dropped the dead connections
    // (or drop them now, answering 503), and open new ones.
    const burst = await Promise.all([
      ...Array.from({ length: 5 }, () => me(user.accessToken)),
      ...Array.from({ length: 5 }, () => catalog()),
      rename(user.accessToken, 'After the restart'),
    ]);
    expectSuccessOrUnavailable(burst);
    await waitFor(async () => (await me(user.accessToken)).statusCode === 200 && (await catalog()).statusCode === 200, {
      what: 'requests to succeed on new connections',
      timeoutMs: 10_000,
    });
    expect((await rename(user.accessToken, 'Renamed')).statusCode).toBe(200);

    // None of the terminated sessions is in use: the app runs on connections it opened since.
    const after = await primarySql<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [APPLICATION_NAME]);
    expect(after.length).toBeGreaterThanOrEqual(1);
    expect(after.map(({ pid }) => pid).filter((pid) => before.some((old) => old.pid === pid))).toEqual([]);
    expectQuietOutage();
  });

  it('(c) answers 503 for a write on a read-only primary (25006, as after a demotion) and writes nothing', async () => {
    const user = await signedIn(app);
    const [{ name: nameBefore }] = await primarySql<{ name: string | null }>('SELECT name FROM users WHERE id = $1', [user.id]);
    const email = `read-only-${randomUUID()}@example.com`;
    await adminSql(`ALTER DATABASE ${DATABASE} SET default_transaction_read_only = on`);
    try {
      // Settings of a database apply to new sessions: end the pooled ones, and wait until the pool has let them go.
      const ended = await primarySql<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [APPLICATION_NAME]);
      await terminateAppSessions(cluster.primaryPort);
      // Background work (the webhook relay, long polls) opens new, read-only sessions at once: wait until the pool
      // holds none of the ended ones, rather than for an empty pool.
      const endedPids = new Set(ended.map(({ pid }) => pid));
      const pooledPids = () => (primaryPool() as unknown as { _clients: Array<{ processID?: number }> })._clients.map(({ processID }) => processID);
      await waitFor(async () => !pooledPids().some((pid) => pid !== undefined && endedPids.has(pid)), {
        what: 'the primary pool to drop its terminated connections',
      });
      warnLogs.mockClear();

      // Checking the token only reads: signed-in callers still pass the guard.
      expect((await me(user.accessToken)).statusCode).toBe(200);
      expectUnavailable(await rename(user.accessToken, 'Never stored'));
      const registered = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { email, password: DEFAULT_PASSWORD, name: 'Read Only' },
      });
      expectUnavailable(registered);
      expect(unavailableWarnings().map(({ sqlState }) => sqlState)).toEqual(['25006', '25006']);
    } finally {
      await adminSql(`ALTER DATABASE ${DATABASE} RESET default_transaction_read_only`);
      await terminateAppSessions(cluster.primaryPort);
    }

    expect(await primarySql('SELECT name FROM users WHERE id = $1', [user.id])).toEqual([{ name: nameBefore }]);
    expect(await primarySql('SELECT 1 FROM users WHERE email = $1', [email])).toEqual([]);
    expect(await primarySql(`SELECT action FROM audit_logs WHERE actor_id = $1 AND action = 'user.update'`, [user.id])).toEqual([]);
    expectQuietOutage();

    // Writable again: the same write now succeeds, once the pool has new sessions.
    await waitFor(async () => (await rename(user.accessToken, 'Stored')).statusCode === 200, { what: 'writes to succeed again', timeoutMs: 10_000 });
    expect(await primarySql('SELECT name FROM users WHERE id = $1', [user.id])).toEqual([{ name: 'Stored' }]);
  });

  it('(b) while the primary is stopped, a signed-in caller gets 503 with Retry-After, not 401, and the same token works once it is back', async () => {
    const user: TestUser & Tokens = await signedIn(app);
    const product = await createProduct(app, admin, { price: 500 });
    await waitFor(async () => (await cluster.sql(cluster.replicaPort, DATABASE, 'SELECT 1 FROM products WHERE id = $1', [product.id])).length === 1, {
      what: 'the product on the replica',
    });
    expect((await me(user.accessToken)).statusCode).toBe(200);

    primaryServer.stop();
    let restarted = false;
    try {
      for (let attempt = 0; attempt < 3; attempt++) expectUnavailable(await me(user.accessToken));
      // Writes, sign-ins and refreshes need the primary too: 503, never 401 for credentials that are fine.
      expectUnavailable(await rename(user.accessToken, 'During the outage'));
      expectUnavailable(await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: user.password } }));
      expectUnavailable(await app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: user.refreshToken } }));
      // The catalog is read from the replica, for anonymous callers and for signed-in ones (served as anonymous).
      expect((await catalog()).statusCode).toBe(200);
      expect((await catalog(user.accessToken)).statusCode).toBe(200);
      expect(unavailableWarnings().length).toBeGreaterThanOrEqual(6);

      primaryServer.start();
      restarted = true;
      const seen = new Set<number>();
      await waitFor(
        async () => {
          const response = await me(user.accessToken);
          seen.add(response.statusCode);
          if (response.statusCode === 503) expectUnavailable(response);
          return response.statusCode === 200;
        },
        { what: 'the token to work again', timeoutMs: 30_000 },
      );
      expect([...seen].filter((status) => status !== 200 && status !== 503)).toEqual([]);
    } finally {
      if (!restarted) primaryServer.start();
    }
    expect((await rename(user.accessToken, 'After the outage')).statusCode).toBe(200);
    expectQuietOutage();
  });
});
