import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { searchTerms } from '../src/catalog/search-terms';
import { CursorCodec } from '../src/common/pagination/cursor-codec';
import { authConfigFrom } from '../src/config/auth.config';
import { APPLICATION_NAME } from '../src/database/data-source-options';
import { COMMON_SEARCH_WORD } from '../src/database/seed/word-lists';
import { SORT_SPECS, sortKeySql } from '../src/products/product-sort';
import { freePort, waitFor } from '../test/harness/free-port';
import { PostgresCluster } from '../test/harness/postgres-cluster';
import { RedisServer } from '../test/harness/redis-server';
import { LoadGenerator, type LoadResult, type PlannedRequest } from './load';
import { postmasterPid, processCpuSeconds, treeCpuSeconds } from './process-cpu';
import { outboxWriteCost, webhookLatency } from './write-path';
import { type BenchRun, type Measurement, type PhaseCpu, renderResults, type SearchMix, type WorstCase } from './report';
import {
  assertQuerySet,
  buildSearchQueries,
  buildSuggestionPrefixes,
  DEFAULT_SEED,
  describeQuerySet,
  describeSuggestionPrefixes,
  nameWords,
  type SearchQuery,
  seededRandom,
  type SuggestionPrefix,
  ZipfSampler,
} from './search-queries';

/**
 * `npm run bench`: starts a real PostgreSQL primary + replica and Redis, seeds the catalog (`npm run seed`, a
 * million products by default), then measures with autocannon, one process at a time so none competes with
 * another (the baseline alone stays up, idle, between its paired runs):
 *
 * 1. a bare Fastify baseline (bench/baseline-server.ts) serving the service's first product page from memory;
 * 2. the built service (production mode) with its catalog cache and fast path, as deployed: warm list, health,
 *    login, warm search, audited update; then the write path: an audited update with and without the outbox write
 *    (SQL, bench/write-path.ts), and commit-to-webhook latency to a receiver on loopback;
 * 3. a service with the cache on and the fast path off (`CATALOG_CACHE_FAST_PATH=false`): the warm list through
 *    Fastify and the whole Nest pipeline;
 * 4. a service with the cache as deployed, for the search mix (below);
 * 5. a naive Express + pg peer (bench/express-peer.ts) answering the first page with one query on the primary;
 * 6. a service with the cache off, so the list, deep-page, filter, search and by-id rows measure the queries.
 *
 * Writes bench/RESULTS.md. Figures are relative to the baseline measured in the same run, so they survive a busy
 * or slower machine better than absolute numbers: each 50-connection run is preceded by a baseline run of its own,
 * and its ratio is to that run. Every row a target reads (warm list with and without the fast path, health, the
 * Express peer, cache-off list, deep page, searches, by id) is measured BENCH_ROUNDS times (default 3) that way,
 * and the round with the median ratio is reported, with every round's ratio.
 *
 * The search bench (bench/search-queries.ts, bench/load.ts): on a process with the cache as deployed (60 s
 * entries), a realistic mix (75% search, 10% faceted search, 15% suggestions) of thousands of distinct queries
 * drawn with a Zipf distribution, 50 connections of a closed-loop generator, BENCH_SEARCH_SECONDS after a
 * BENCH_SEARCH_WARMUP_SECONDS (default 60: one cache lifetime) warm-up of the same mix; on the cache-off process, after its rows, the broadest single word of the names alone,
 * 1 connection, BENCH_DURATION_SECONDS. Both report PostgreSQL's CPU (every process of the primary and the
 * replica, from /proc) per SQL query the service sent (from its /metrics) and per answer.
 *
 * Environment: BENCH_PRODUCTS (default 1000000), BENCH_DURATION_SECONDS (default 10), BENCH_WARMUP_SECONDS (default 2), BENCH_ROUNDS (default 3),
 * BENCH_SEARCH_SECONDS (the search mix's measured phase; default 12), BENCH_SEARCH_WARMUP_SECONDS (default 60), BENCH_ONLY (`search`: only the search bench, for development),
 * BENCH_LOG_DIR (keep each service process's log there; default: discarded).
 */
const ROOT = join(__dirname, '..');
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
/**
 * The search mix is measured in the steady state of a deployed service, not in its first seconds after a start:
 * after one cache lifetime (60 s as deployed) of the same mix, the head is cached and the tail keeps expiring
 * and coming back, as in production.
 */
const SEARCH_WARMUP_SECONDS = Number(process.env.BENCH_SEARCH_WARMUP_SECONDS ?? 60);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 1_000_000);
const SEARCH_SECONDS = Number(process.env.BENCH_SEARCH_SECONDS ?? 12);
const ONLY = process.env.BENCH_ONLY || undefined;
const CACHE_TTL_SECONDS = 600;
const CATEGORIES = 1000;
const CONNECTIONS = 50;
const PAGE_SIZE = 20;
const DEEP_PAGE = 20_000;
const PASSWORD = 'correct horse battery staple';
const SECRETS = {
  JWT_ACCESS_SECRET: 'bench-access-secret-at-least-32-bytes-long',
  JWT_REFRESH_SECRET: 'bench-refresh-secret-at-least-32-bytes-long',
  METRICS_TOKEN: 'bench-metrics-token-0123456789',
};
const VISIBLE = 'deleted_at IS NULL AND is_active';
/**
 * PostgreSQL sized as a production server holding this catalog would be (a quarter of a 4 GB instance for its
 * buffers), rather than with the 128 MB default meant for a laptop: at a million products the heap and indexes
 * (1.6 GB) would otherwise be read from the OS page cache row by row, which costs a search several times more.
 */
const POSTGRES_SETTINGS = ['shared_buffers=1GB', 'effective_cache_size=3GB'];

interface Scenario {
  id: string;
  name: string;
  path: string;
  method?: 'GET' | 'POST' | 'PATCH';
  body?: string;
  headers?: Record<string, string>;
  connections: number;
  /** Paired runs to make (BENCH_ROUNDS for the targets' ratios); the row reports the round with the median ratio. */
  rounds?: number;
  /** Checks one answer before the run; returns what is wrong with it, if anything. */
  check?: (answer: Answer) => string | undefined;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

interface Service {
  label: string;
  url: string;
  child: ChildProcess;
}

function print(message: string): void {
  process.stdout.write(`bench: ${message}\n`);
}

function warn(message: string): void {
  const bar = '!'.repeat(100);
  process.stderr.write(`\n${bar}\n!! ${message}\n${bar}\n\n`);
}

function start(command: string, args: string[], env: Record<string, string>, stdout: 'ignore' | 'inherit' | number = 'ignore'): ChildProcess {
  return spawn(command, args, { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', stdout, 'inherit'] });
}

/** Where a service's log goes: /dev/null, or a file under BENCH_LOG_DIR to find out why a scenario failed. */
function serviceLog(label: string): 'ignore' | number {
  const dir = process.env.BENCH_LOG_DIR;
  if (!dir) return 'ignore';
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${label.replace(/[^a-z0-9]+/gi, '-')}.log`);
  print(`${label} logs to ${file}`);
  return openSync(file, 'w');
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function untilUp(url: string, child: ChildProcess): Promise<void> {
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`the process behind ${url} exited with ${child.exitCode}`);
      return (await fetch(url)).status < 500;
    },
    { what: url, timeoutMs: 60_000, intervalMs: 250 },
  );
}

/** The process's peak resident set size so far (the kernel's high-water mark), in MB. */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function request(url: string, init?: RequestInit): Promise<Answer> {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function seed(primaryUrl: string): Promise<number> {
  const started = performance.now();
  const child = start(
    process.execPath,
    ['dist/src/database/seed.js', '--products', String(PRODUCTS), '--categories', String(CATEGORIES)],
    { NODE_ENV: 'development', DATABASE_URL: primaryUrl },
    'inherit',
  );
  const code = await exitCode(child);
  if (code !== 0) throw new Error(`the seed exited with ${code}`);
  return (performance.now() - started) / 1000;
}

/** Waits until the replica has replayed everything the primary had written when this was called. */
async function replicaCaughtUp(cluster: PostgresCluster): Promise<number> {
  const started = performance.now();
  const [{ lsn }] = await cluster.sql<{ lsn: string }>(cluster.primaryPort, 'postgres', 'SELECT pg_current_wal_lsn()::text AS lsn');
  await waitFor(
    async () => {
      const [{ replayed }] = await cluster.sql<{ replayed: boolean }>(
        cluster.replicaPort,
        'postgres',
        'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS replayed',
        [lsn],
      );
      return replayed;
    },
    { what: `the replica to replay up to ${lsn}`, timeoutMs: 600_000, intervalMs: 500 },
  );
  return (performance.now() - started) / 1000;
}

/** Waits (up to 60 s) until no service connection is running a query on the primary or the replica. */
async function untilDatabaseIdle(cluster: PostgresCluster): Promise<void> {
  const busy = async (port: number) => {
    const [{ active }] = await cluster.sql<{ active: number }>(
      port,
      'postgres',
      `SELECT count(*)::int AS active FROM pg_stat_activity WHERE application_name = $1 AND state = 'active'`,
      [APPLICATION_NAME],
    );
    return active;
  };
  await waitFor(async () => (await busy(cluster.primaryPort)) + (await busy(cluster.replicaPort)) === 0, {
    what: 'the queries of the previous scenario to finish',
    timeoutMs: 60_000,
    intervalMs: 200,
  });
}

/** The catalog cache's TTL as deployed (the service's default), for the search mix's steady state. */
const DEPLOYED_CACHE_TTL_SECONDS = 60;

/** How one service process is configured: its catalog cache, and any other settings (`env`, applied last). */
interface ServiceSettings {
  cacheEnabled: boolean;
  cacheTtlSeconds?: number;
  env?: Record<string, string>;
}

function startService(label: string, port: number, cluster: PostgresCluster, redis: RedisServer, settings: ServiceSettings): Service {
  const log = serviceLog(label);
  const env = {
    NODE_ENV: 'production',
    PORT: String(port),
    DATABASE_URL: cluster.primaryUrl,
    DATABASE_REPLICA_URLS: cluster.replicaUrl,
    REDIS_URL: redis.url,
    ...SECRETS,
    MIGRATIONS_RUN: 'true',
    LOG_LEVEL: 'info',
    // The memory setting of the Docker image (see its runtime stage): measured as deployed.
    NODE_OPTIONS: '--max-old-space-size=256',
    CATALOG_CACHE_ENABLED: String(settings.cacheEnabled),
    // Warm means warm for the whole scenario: no expiry in the middle of a run.
    CATALOG_CACHE_TTL_SECONDS: String(settings.cacheTtlSeconds ?? CACHE_TTL_SECONDS),
    // The load comes from one address: lift the limits that would otherwise (correctly) stop it. One-second windows:
    // at 15,000 req/s one address would use up even the largest limit (1,000,000) of a minute's window, past the
    // share each instance may admit on its own, and be counted exactly (a Redis round trip each) like a client
    // near its limit, which a shopper never is.
    RATE_LIMIT_GLOBAL_LIMIT: '1000000',
    RATE_LIMIT_GLOBAL_WINDOW_SECONDS: '1',
    RATE_LIMIT_USER_LIMIT: '1000000',
    RATE_LIMIT_CREDENTIALS_IP_LIMIT: '1000000',
    RATE_LIMIT_CREDENTIALS_EMAIL_LIMIT: '1000000',
    ...settings.env,
  };
  const child = start(process.execPath, ['dist/src/main.js'], env, log);
  if (typeof log === 'number') child.once('spawn', () => closeSync(log));
  return { label, url: `http://127.0.0.1:${port}`, child };
}

/** Where the baseline answers, for the run paired with each scenario (see `Measurement.pairedBaselineRps`). */
let pairedBaselineUrl: string | undefined;

/** The baseline's req/s with the options of `scenario`'s run, measured now (after the same warm-up). */
async function baselineRun(connections: number): Promise<number> {
  const options = { url: `${pairedBaselineUrl}/`, connections };
  if (WARMUP_SECONDS > 0) await autocannon({ ...options, duration: WARMUP_SECONDS });
  return (await autocannon({ ...options, duration: DURATION_SECONDS })).requests.average;
}

async function measure(cluster: PostgresCluster, base: string, processLabel: string, pid: number, scenario: Scenario): Promise<Measurement> {
  const headers: Record<string, string> = { ...(scenario.body ? { 'content-type': 'application/json' } : {}), ...scenario.headers };
  const options = {
    url: `${base}${scenario.path}`,
    method: scenario.method ?? 'GET',
    body: scenario.body,
    headers,
    connections: scenario.connections,
  };
  // Queries the previous scenario left queued would slow this one's first requests down.
  await untilDatabaseIdle(cluster);
  // The first answer may fill a cache; the next ones are what the run will see, timed one at a time.
  const init = { method: options.method, body: options.body, headers: options.headers };
  await request(options.url, init);
  const timed: Array<{ answer: Answer; ms: number }> = [];
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const started = performance.now();
    const answer = await request(options.url, init);
    timed.push({ answer, ms: performance.now() - started });
  }
  const answer = timed[2].answer;
  const aloneMs = timed.map(({ ms }) => ms).sort((a, b) => a - b)[1];
  const problem = answer.status >= 200 && answer.status < 300 ? scenario.check?.(answer) : `answered ${answer.status}: ${answer.text.slice(0, 300)}`;
  if (problem) warn(`${scenario.name}: ${problem}`);
  const rounds: Array<{ pairedBaselineRps?: number; result: autocannon.Result }> = [];
  const roundCount = scenario.rounds ?? 1;
  for (let round = 1; round <= roundCount; round += 1) {
    // The machine's speed drifts (other tenants, thermal limits): ratios compare runs a few seconds apart.
    const pairedBaselineRps = pairedBaselineUrl && scenario.connections === CONNECTIONS ? await baselineRun(scenario.connections) : undefined;
    if (WARMUP_SECONDS > 0) {
      await autocannon({ ...options, duration: WARMUP_SECONDS });
      // The warm-up stops with requests still in flight; an edit among them would meet the run's first edit of the
      // same row and (rightly) answer 409. Let them finish first.
      await sleep(250);
      await untilDatabaseIdle(cluster);
    }
    print(`${scenario.name} (${processLabel})${roundCount > 1 ? `, round ${round} of ${roundCount}` : ''}`);
    rounds.push({ pairedBaselineRps, result: await autocannon({ ...options, duration: DURATION_SECONDS }) });
  }
  // The round whose ratio to its own baseline is the median: one noisy minute neither makes nor breaks a figure.
  const ratioOf = (round: (typeof rounds)[number]) => round.result.requests.average / (round.pairedBaselineRps ?? 1);
  const { pairedBaselineRps, result } = [...rounds].sort((a, b) => ratioOf(a) - ratioOf(b))[Math.floor(rounds.length / 2)];
  const row: Measurement = {
    id: scenario.id,
    name: scenario.name,
    process: processLabel,
    connections: scenario.connections,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    statuses:
      Object.entries(result.statusCodeStats ?? {})
        .filter(([status]) => !status.startsWith('2'))
        .map(([status, { count }]) => `${status}×${count ?? 0}`)
        .join(', ') || undefined,
    aloneMs,
    rssMb: peakRssMb(pid),
    problem,
    pairedBaselineRps,
    roundRatios: rounds.length > 1 ? rounds.map(ratioOf) : undefined,
  };
  if (row.errors || row.non2xx) {
    warn(
      `${scenario.name}: ${row.errors} errors and ${row.non2xx} non-2xx responses (${row.statuses ?? 'no status'}) out of ${result.requests.total}: this row measured failures`,
    );
  }
  print(
    `  ${pairedBaselineRps === undefined ? '' : `(baseline just before: ${pairedBaselineRps.toFixed(0)} req/s) `}${row.requestsPerSecond.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, alone ${aloneMs.toFixed(1)} ms, errors ${row.errors}, non-2xx ${row.non2xx}, RSS ${row.rssMb.toFixed(0)} MB`,
  );
  return row;
}

function json(answer: Answer): { id?: string; data?: Array<{ id: string }> } {
  try {
    return JSON.parse(answer.text);
  } catch {
    return {};
  }
}

const fullPage = (answer: Answer) =>
  json(answer).data?.length === PAGE_SIZE ? undefined : `expected ${PAGE_SIZE} products, got: ${answer.text.slice(0, 200)}`;

/** The peer's answer: the products of the service's first page (`first`), in order, with the same fields. */
function samePage(first: Answer): (answer: Answer) => string | undefined {
  const expected = json(first).data ?? [];
  return (answer) => {
    let rows: unknown;
    try {
      rows = JSON.parse(answer.text);
    } catch {
      return `not JSON: ${answer.text.slice(0, 200)}`;
    }
    if (!Array.isArray(rows)) return `expected an array of products, got: ${answer.text.slice(0, 200)}`;
    const products = rows as Array<Record<string, unknown>>;
    const fields = (product: object | undefined) =>
      Object.keys(product ?? {})
        .sort()
        .join(',');
    if (products.length !== expected.length || products.some((product, index) => product.id !== expected[index].id)) {
      return `not the products of the service's first page: ${answer.text.slice(0, 200)}`;
    }
    if (fields(products[0]) !== fields(expected[0])) return `fields ${fields(products[0])}, the service's ${fields(expected[0])}`;
    return undefined;
  };
}

function cacheHeader(expected: 'HIT' | 'not HIT'): (answer: Answer) => string | undefined {
  return (answer) => {
    const header = answer.headers.get('x-cache');
    if (expected === 'HIT' ? header !== 'HIT' : header === 'HIT') return `X-Cache is ${header ?? 'absent'}, expected ${expected}`;
    return undefined;
  };
}

function all(...checks: Array<(answer: Answer) => string | undefined>): (answer: Answer) => string | undefined {
  return (answer) => checks.map((check) => check(answer)).find(Boolean);
}

interface Fixtures {
  deepPage: number;
  deepCursor: string;
  deepFirstId: string;
  categoryId: string;
  categoryProducts: number;
  searchMatches: number;
}

/** What the scenarios ask for, computed with SQL on the seeded database rather than by paging through the API. */
async function fixtures(cluster: PostgresCluster): Promise<Fixtures> {
  const database = new URL(cluster.primaryUrl).pathname.slice(1);
  const sql = <T>(text: string, values: unknown[] = []) => cluster.sql<T>(cluster.primaryPort, database, text, values);
  const [{ visible }] = await sql<{ visible: number }>(`SELECT count(*)::int AS visible FROM products WHERE ${VISIBLE}`);
  // Page p starts after (p - 1) * 20 rows: the cursor is the last row of page p - 1.
  const deepPage = Math.max(2, Math.min(DEEP_PAGE, Math.floor(visible / PAGE_SIZE)));
  // The service's own key format, applied to the table's column (SORT_SPECS names the column of its inner query).
  const spec = { ...SORT_SPECS['-createdAt'], column: 'p.created_at' };
  const rows = await sql<{ id: string; key: string }>(
    `SELECT p.id, ${sortKeySql(spec)} AS key FROM products p WHERE ${VISIBLE} ORDER BY p.created_at DESC, p.id DESC OFFSET $1 LIMIT 2`,
    [(deepPage - 1) * PAGE_SIZE - 1],
  );
  const codec = new CursorCodec(authConfigFrom({ NODE_ENV: 'production', ...SECRETS }));
  const [{ categoryId, count }] = await sql<{ categoryId: string; count: number }>(
    `SELECT category_id AS "categoryId", count(*)::int AS count FROM products WHERE ${VISIBLE} AND category_id IS NOT NULL
     GROUP BY category_id ORDER BY count(*) DESC LIMIT 1`,
  );
  const [{ matches }] = await sql<{ matches: number }>(
    `SELECT count(*)::int AS matches FROM products WHERE ${VISIBLE} AND search @@ plainto_tsquery('english', $1)`,
    [COMMON_SEARCH_WORD],
  );
  return {
    deepPage,
    deepCursor: codec.of('products').encode({ s: '-createdAt', k: rows[0].key, i: rows[0].id }),
    deepFirstId: rows[1].id,
    categoryId,
    categoryProducts: count,
    searchMatches: matches,
  };
}

async function main(): Promise<void> {
  if (!Number.isInteger(PRODUCTS) || PRODUCTS < 1000) throw new Error('BENCH_PRODUCTS must be a whole number of at least 1000');
  if (ONLY !== undefined && ONLY !== 'search') throw new Error(`BENCH_ONLY must be "search" or unset, not "${ONLY}"`);
  const everything = ONLY === undefined;
  // Built (and checked) before anything starts: a query set that breaks its promises stops the bench at once.
  const searchSet = buildSearchSet();
  // Before anything of ours runs: what else the machine is doing.
  const loadBefore = loadavg()[0];
  const cluster = await PostgresCluster.start(POSTGRES_SETTINGS);
  const redis = await RedisServer.start();
  const scratch = mkdtempSync(join(tmpdir(), 'catalog-bench-'));
  const running: ChildProcess[] = [];
  let cleaned: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaned ??= (async () => {
      for (const child of running) await stop(child);
      await redis.stop();
      cluster.stop();
      rmSync(scratch, { recursive: true, force: true });
    })());
  // Ctrl-C or a kill must not leave a database, Redis or a service behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      warn(`${signal}: stopping everything the bench started`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  const run: BenchRun = {
    at: new Date(),
    durationSeconds: DURATION_SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    cores: cpus().length,
    products: PRODUCTS,
    categories: CATEGORIES,
    seedSeconds: 0,
    replicaCatchUpSeconds: 0,
    serviceLogs: process.env.BENCH_LOG_DIR ? `files in ${process.env.BENCH_LOG_DIR}` : '/dev/null',
    loadAverage: { start: loadBefore, end: 0 },
    rows: [],
    peakRssMb: {},
    notes: [],
  };
  try {
    print(`seeding ${PRODUCTS} products and ${CATEGORIES} categories on the primary`);
    run.seedSeconds = await seed(cluster.primaryUrl);
    run.replicaCatchUpSeconds = await replicaCaughtUp(cluster);
    print(`seeded in ${run.seedSeconds.toFixed(1)} s; replica caught up ${run.replicaCatchUpSeconds.toFixed(1)} s later`);
    const data = await fixtures(cluster);
    const broadest = await broadestWord(cluster);

    const launch = async (label: string, settings: ServiceSettings): Promise<Service> => {
      const service = startService(label, await freePort(), cluster, redis, settings);
      running.push(service.child);
      await untilUp(`${service.url}/health/ready`, service.child);
      return service;
    };
    const listPath = `/api/v1/products?limit=${PAGE_SIZE}`;
    // The admin's access token, valid on every service process (they share the secrets).
    let benchAdmin: string | undefined;

    // Service 1: cache on, with the fast path (as deployed).
    const cached = await launch('service, cache on', { cacheEnabled: true });
    const firstPage = await request(`${cached.url}${listPath}`);
    if (firstPage.status !== 200 || fullPage(firstPage)) {
      throw new Error(`GET /api/v1/products answered ${firstPage.status}: ${firstPage.text.slice(0, 500)} (do the catalog endpoints exist yet?)`);
    }
    const productId = json(firstPage).data![0].id;

    if (everything) {
      // The baseline serves the same bytes; the service sits idle meanwhile. It stays up, idle, for the runs paired with each scenario.
      const bodyFile = join(scratch, 'first-page.json');
      writeFileSync(bodyFile, firstPage.text);
      const baselinePort = await freePort();
      const baseline = start(process.execPath, ['-r', 'ts-node/register', 'bench/baseline-server.ts'], {
        PORT: String(baselinePort),
        TS_NODE_SWC: 'true',
        BENCH_BODY_FILE: bodyFile,
      });
      running.push(baseline);
      const baselineUrl = `http://127.0.0.1:${baselinePort}`;
      await untilUp(baselineUrl, baseline);
      const sameBody = (answer: Answer) => (answer.text === firstPage.text ? undefined : 'the baseline does not serve the service’s first page');
      run.rows.push(
        await measure(cluster, baselineUrl, 'baseline', baseline.pid!, {
          id: 'baseline',
          name: 'bare Fastify baseline, first page from memory',
          path: '/',
          connections: CONNECTIONS,
          check: sameBody,
        }),
      );
      pairedBaselineUrl = baselineUrl;

      const email = `bench-${Date.now()}@example.com`;
      const registered = await request(`${cached.url}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: PASSWORD }),
      });
      if (registered.status !== 201) throw new Error(`could not register the bench user: ${registered.status} ${registered.text.slice(0, 300)}`);
      const login = JSON.stringify({ email, password: PASSWORD });
      const admin = await adminToken(cluster, cached.url, email, login);
      benchAdmin = admin;
      const cachedScenarios: Scenario[] = [
        {
          id: 'list-warm',
          name: 'GET /api/v1/products?limit=20, cache warm, fast path on',
          path: listPath,
          connections: CONNECTIONS,
          rounds: ROUNDS,
          check: all(fullPage, cacheHeader('HIT')),
        },
        { id: 'health', name: 'GET /health/live (full middleware stack, no I/O)', path: '/health/live', connections: CONNECTIONS, rounds: ROUNDS },
        {
          id: 'login-1',
          name: 'POST /api/v1/auth/login, 1 connection (argon2id latency)',
          path: '/api/v1/auth/login',
          method: 'POST',
          body: login,
          connections: 1,
        },
        { id: 'login-4', name: 'POST /api/v1/auth/login, 4 connections', path: '/api/v1/auth/login', method: 'POST', body: login, connections: 4 },
        {
          id: 'search-warm',
          name: `search q=${COMMON_SEARCH_WORD}, cache warm`,
          path: `/api/v1/products?limit=${PAGE_SIZE}&q=${COMMON_SEARCH_WORD}`,
          connections: CONNECTIONS,
          rounds: ROUNDS,
          check: all(fullPage, cacheHeader('HIT')),
        },
        {
          id: 'update-audited',
          name: 'PATCH /api/v1/products/:id (admin; audit row in the same transaction), 1 connection',
          path: `/api/v1/products/${data.deepFirstId}`,
          method: 'PATCH',
          body: JSON.stringify({ description: 'Updated by the benchmark' }),
          headers: { authorization: `Bearer ${admin}` },
          connections: 1,
        },
      ];
      for (const scenario of cachedScenarios) run.rows.push(await measure(cluster, cached.url, cached.label, cached.child.pid!, scenario));
      run.notes.push(await outboxWriteCost(cluster.primaryUrl, data.deepFirstId));
    }
    run.peakRssMb[cached.label] = peakRssMb(cached.child.pid!);
    if (everything) run.notes.push(await auditInsertCost(cluster));
    await stop(cached.child);

    if (everything) {
      // Webhooks to a receiver on loopback: production mode refuses private targets, so this process alone runs in
      // development mode, otherwise configured as the others.
      const delivering = await launch('service, development mode, webhooks to loopback', {
        cacheEnabled: true,
        env: { NODE_ENV: 'development', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' },
      });
      run.notes.push(await webhookLatency(delivering.url, benchAdmin!, data.deepFirstId));
      await stop(delivering.child);
    }

    if (everything) {
      // Service 2: cache on, fast path off, so a cached answer goes through Fastify and the whole Nest pipeline.
      const throughNest = await launch('service, cache on, fast path off', { cacheEnabled: true, env: { CATALOG_CACHE_FAST_PATH: 'false' } });
      run.rows.push(
        await measure(cluster, throughNest.url, throughNest.label, throughNest.child.pid!, {
          id: 'list-warm-nest',
          name: 'GET /api/v1/products?limit=20, cache warm, fast path off',
          path: listPath,
          connections: CONNECTIONS,
          rounds: ROUNDS,
          check: all(fullPage, cacheHeader('HIT')),
        }),
      );
      run.peakRssMb[throughNest.label] = peakRssMb(throughNest.child.pid!);
      await stop(throughNest.child);
    }

    // Service 3: the cache exactly as deployed (entries live 60 s), for the search mix's steady state.
    const deployed = await launch('service, cache as deployed', { cacheEnabled: true, cacheTtlSeconds: DEPLOYED_CACHE_TTL_SECONDS });
    const search: NonNullable<BenchRun['search']> = {};
    run.search = search;
    search.mix = await searchMix(cluster, deployed, searchSet);
    run.peakRssMb[deployed.label] = peakRssMb(deployed.child.pid!);
    await stop(deployed.child);

    if (everything) {
      // The naive Express + pg peer, alone and just before the cache-off first page it is compared with.
      const peerPort = await freePort();
      const peer = start(process.execPath, ['-r', 'ts-node/register', 'bench/express-peer.ts'], {
        NODE_ENV: 'production',
        PORT: String(peerPort),
        TS_NODE_SWC: 'true',
        DATABASE_URL: cluster.primaryUrl,
      });
      running.push(peer);
      const peerUrl = `http://127.0.0.1:${peerPort}`;
      await untilUp(`${peerUrl}/products`, peer);
      run.rows.push(
        await measure(cluster, peerUrl, 'Express + pg peer', peer.pid!, {
          id: 'express-peer',
          name: 'naive Express + pg, first page',
          path: '/products',
          connections: CONNECTIONS,
          rounds: ROUNDS,
          check: samePage(firstPage),
        }),
      );
      await stop(peer);
    }

    // Service 4: cache off, so each request runs its query.
    const uncached = await launch('service, cache off', { cacheEnabled: false });
    const miss = cacheHeader('not HIT');
    if (everything) {
      const uncachedScenarios: Scenario[] = [
        {
          id: 'list-cold',
          name: 'GET /api/v1/products?limit=20, cache off',
          path: listPath,
          connections: CONNECTIONS,
          rounds: ROUNDS,
          check: all(fullPage, miss),
        },
        {
          id: 'deep-page',
          name: `page ${data.deepPage.toLocaleString('en')} by cursor, cache off`,
          path: `/api/v1/products?limit=${PAGE_SIZE}&cursor=${encodeURIComponent(data.deepCursor)}`,
          connections: CONNECTIONS,
          rounds: ROUNDS,
          check: all(fullPage, miss, (answer) =>
            json(answer).data?.[0]?.id === data.deepFirstId ? undefined : `page ${data.deepPage} does not start with ${data.deepFirstId}`,
          ),
        },
        {
          id: 'category-price',
          name: `category (${data.categoryProducts.toLocaleString('en')} products) by price, cache off`,
          path: `/api/v1/products?limit=${PAGE_SIZE}&categoryId=${data.categoryId}&sort=price`,
          connections: CONNECTIONS,
          check: all(fullPage, miss),
        },
        {
          id: 'search',
          name: `search q=${COMMON_SEARCH_WORD} (${data.searchMatches.toLocaleString('en')} matches), cache off`,
          path: `/api/v1/products?limit=${PAGE_SIZE}&q=${COMMON_SEARCH_WORD}`,
          connections: CONNECTIONS,
          rounds: ROUNDS,
          check: all(fullPage, miss),
        },
        {
          id: 'by-id',
          name: 'GET /api/v1/products/:id, cache off',
          path: `/api/v1/products/${productId}`,
          connections: CONNECTIONS,
          rounds: ROUNDS,
          check: all(miss, (answer) => (json(answer).id === productId ? undefined : 'another product answered')),
        },
      ];
      for (const scenario of uncachedScenarios) run.rows.push(await measure(cluster, uncached.url, uncached.label, uncached.child.pid!, scenario));
    }
    search.worst = await worstCase(cluster, uncached, broadest, miss);
    run.peakRssMb[uncached.label] = peakRssMb(uncached.child.pid!);
    await stop(uncached.child);
    run.loadAverage.end = loadavg()[0];

    if (everything) {
      run.notes.push(
        `Page ${data.deepPage.toLocaleString('en')} (after ${((data.deepPage - 1) * PAGE_SIZE).toLocaleString('en')} rows, newest first): its cursor was computed with SQL and signed with the service's key, not reached by paging.`,
        `Processes, one at a time (the baseline stays up, idle, between its paired runs): the cache-on process (fast path on, as deployed) served the warm list, health, login, warm search and audited update rows; ` +
          `a cache-on process with CATALOG_CACHE_FAST_PATH=false the warm list through Fastify and Nest; a process with the cache as deployed the search mix; the naive Express + pg peer its first page; ` +
          `then the cache-off process the other rows.`,
        `The naive Express + pg peer (bench/express-peer.ts) reads the primary with pg's default pool (10 connections): the service's columns, newest first, 20 rows, \`res.json(rows)\`, ` +
          `with no validation, auth, rate limit, logging, envelope or cursor. The service reads the replica, with its configured pool (DATABASE_POOL_SIZE, default 10).`,
        `The baseline and the peer run under ts-node (SWC), whose TypeScript compiler is part of their resident set: their peak RSS is not comparable with the services', which run the build.`,
        `The baseline sends the page as a ready string (${Buffer.byteLength(firstPage.text)} bytes), with no JSON serialisation per request: the ceiling for these bytes.`,
      );
    }
    run.notes.push(
      `PostgreSQL (primary and replica) ran with ${POSTGRES_SETTINGS.join(', ')}; other settings are the defaults of the test harness (fsync off: durability is not what is measured).`,
      `The search mix ran on a process of its own with the cache as deployed, the broadest word on the cache-off process${everything ? ' after its rows' : ''}. The broadest word was found by counting, with SQL, the visible products each of the ${broadest.candidates} name words of 3 letters or more matches (${broadest.seconds.toFixed(1)} s).`,
    );
    const markdown = renderResults(run);
    writeFileSync(join(ROOT, 'bench', 'RESULTS.md'), markdown);
    process.stdout.write(`\n${markdown}`);
    const broken = [
      ...run.rows.filter((row) => row.errors || row.non2xx || row.problem).map((row) => row.name),
      ...(search.mix ? searchFailures('search mix', search.mix.result, search.mix.problems) : []),
      ...(search.worst ? searchFailures(`broadest word "${search.worst.word}"`, search.worst.result, { search: search.worst.problem }) : []),
    ];
    if (broken.length) warn(`${broken.length} scenario(s) measured errors or wrong answers: ${broken.join('; ')}`);
  } finally {
    await cleanUp();
  }
}

interface SearchSet {
  queries: SearchQuery[];
  prefixes: SuggestionPrefix[];
  queryFacts: ReturnType<typeof describeQuerySet>;
  suggestionFacts: ReturnType<typeof describeSuggestionPrefixes>;
}

/** The search queries and suggestion prefixes of the mix, checked against what they promise (see search-queries.ts). */
function buildSearchSet(): SearchSet {
  const queries = buildSearchQueries();
  const prefixes = buildSuggestionPrefixes();
  const queryFacts = describeQuerySet(queries);
  const suggestionFacts = describeSuggestionPrefixes(prefixes);
  assertQuerySet(queryFacts, suggestionFacts);
  return { queries, prefixes, queryFacts, suggestionFacts };
}

interface Broadest {
  word: string;
  matches: number;
  runnersUp: string;
  candidates: number;
  seconds: number;
}

/**
 * The single word of the product names that matches the most visible products, matched as the service matches a
 * one-word search (the word as a prefix of a word of the stored tsvector: "can" finds cans, candles and canvas).
 */
async function broadestWord(cluster: PostgresCluster): Promise<Broadest> {
  const started = performance.now();
  const words = [...new Set(nameWords().flatMap((word) => searchTerms(word)))].filter((term) => term.length >= 3);
  const rows = await cluster.sql<{ word: string; matches: number }>(
    cluster.primaryPort,
    new URL(cluster.primaryUrl).pathname.slice(1),
    `SELECT w AS word, (SELECT count(*)::int FROM products WHERE ${VISIBLE} AND search @@ to_tsquery('english', w || ':*')) AS matches
     FROM unnest($1::text[]) AS w ORDER BY matches DESC, w`,
    [words],
  );
  const seconds = (performance.now() - started) / 1000;
  print(`broadest single word: "${rows[0].word}", ${rows[0].matches} matches (${words.length} words counted in ${seconds.toFixed(1)} s)`);
  return {
    word: rows[0].word,
    matches: rows[0].matches,
    runnersUp: rows
      .slice(1, 6)
      .map((row) => `"${row.word}" ${row.matches.toLocaleString('en')}`)
      .join(', '),
    candidates: words.length,
    seconds,
  };
}

interface CpuSnapshot {
  postgresSeconds: number;
  serviceSeconds: number;
  queries?: Map<string, number>;
}

/** The SQL queries the service has sent so far, by pool: the `db_query_duration_seconds_count` series of its /metrics. */
async function databaseQueries(service: Service): Promise<Map<string, number> | undefined> {
  const answer = await request(`${service.url}/metrics`, { headers: { authorization: `Bearer ${SECRETS.METRICS_TOKEN}` } });
  if (answer.status !== 200) {
    warn(`GET /metrics answered ${answer.status}: no SQL query count for PostgreSQL CPU per query`);
    return undefined;
  }
  const byPool = new Map<string, number>();
  for (const line of answer.text.split('\n')) {
    const match = /^db_query_duration_seconds_count\{([^}]*)\}\s+(\S+)/.exec(line);
    if (!match) continue;
    const pool = /pool="([^"]*)"/.exec(match[1])?.[1] ?? 'unknown';
    byPool.set(pool, (byPool.get(pool) ?? 0) + Number(match[2]));
  }
  return byPool;
}

async function cpuSnapshot(cluster: PostgresCluster, service: Service): Promise<CpuSnapshot> {
  const postmasters = ['primary', 'replica'].map((role) => postmasterPid(join(cluster.dir, role)));
  return { postgresSeconds: treeCpuSeconds(postmasters), serviceSeconds: processCpuSeconds(service.child.pid!), queries: await databaseQueries(service) };
}

function phaseCpu(before: CpuSnapshot, after: CpuSnapshot, result: LoadResult): PhaseCpu {
  const pools = after.queries && before.queries ? [...after.queries.keys()].sort() : [];
  const delta = (pool: string) => (after.queries?.get(pool) ?? 0) - (before.queries?.get(pool) ?? 0);
  return {
    seconds: result.seconds,
    postgresMs: (after.postgresSeconds - before.postgresSeconds) * 1000,
    serviceMs: (after.serviceSeconds - before.serviceSeconds) * 1000,
    generatorMs: result.generatorCpuMs,
    queries: before.queries && after.queries ? pools.reduce((sum, pool) => sum + delta(pool), 0) : undefined,
    queriesByPool: pools.map((pool) => `${pool} ${delta(pool).toLocaleString('en')}`).join(', ') || undefined,
    requests: result.all.count,
  };
}

const searchPath = (q: string) => `/api/v1/products?q=${encodeURIComponent(q)}&limit=${PAGE_SIZE}`;
const SEARCH_MIX: Array<{ label: string; share: number; path: (search: () => string, prefix: () => string) => string }> = [
  { label: 'search', share: 0.75, path: (search) => searchPath(search()) },
  { label: 'faceted', share: 0.1, path: (search) => `${searchPath(search())}&facets=category,price` },
  { label: 'suggest', share: 0.15, path: (_search, prefix) => `/api/v1/products/suggestions?q=${encodeURIComponent(prefix())}` },
];

/** What is wrong with one answer of a class of the mix, if anything. */
function checkSearchAnswer(label: string, answer: Answer): string | undefined {
  if (answer.status < 200 || answer.status >= 300) return `answered ${answer.status}: ${answer.text.slice(0, 200)}`;
  let body: { data?: unknown; facets?: { category?: unknown; price?: unknown } };
  try {
    body = JSON.parse(answer.text);
  } catch {
    return `not JSON: ${answer.text.slice(0, 200)}`;
  }
  if (!Array.isArray(body.data)) return `no data array: ${answer.text.slice(0, 200)}`;
  if (label === 'faceted' && (typeof body.facets?.category !== 'object' || typeof body.facets?.price !== 'object')) {
    return `no facets.category and facets.price: ${answer.text.slice(0, 200)}`;
  }
  if (label === 'suggest' && (body.data.length > 10 || body.data.some((name) => typeof name !== 'string'))) {
    return `expected up to 10 names, got: ${answer.text.slice(0, 200)}`;
  }
  return undefined;
}

/** The realistic search mix on the cache-on process: 50 connections, BENCH_SEARCH_SECONDS after a warm-up of the same mix. */
async function searchMix(cluster: PostgresCluster, service: Service, set: SearchSet): Promise<SearchMix> {
  const random = seededRandom(DEFAULT_SEED + 100);
  const queryRanks = new ZipfSampler(set.queries.length, random);
  const prefixRanks = new ZipfSampler(set.prefixes.length, random);
  const search = () => set.queries[queryRanks.next()].q;
  const prefix = () => set.prefixes[prefixRanks.next()].q;
  const next = (): PlannedRequest => {
    let roll = random();
    const entry = SEARCH_MIX.find(({ share }) => (roll -= share) < 0) ?? SEARCH_MIX[0];
    return { label: entry.label, path: entry.path(search, prefix) };
  };
  const labels = SEARCH_MIX.map(({ label }) => label);
  const problems: Record<string, string> = {};
  for (const entry of SEARCH_MIX) {
    const first = entry.path(
      () => set.queries[0].q,
      () => set.prefixes[0].q,
    );
    const problem = checkSearchAnswer(entry.label, await request(`${service.url}${first}`));
    if (problem) {
      problems[entry.label] = problem;
      warn(`search mix, ${entry.label}: ${problem}`);
    }
  }
  await untilDatabaseIdle(cluster);
  const load = new LoadGenerator(service.url, CONNECTIONS);
  try {
    print(`search mix (${service.label}): warm-up ${SEARCH_WARMUP_SECONDS} s`);
    const warmup = SEARCH_WARMUP_SECONDS > 0 ? await load.run(SEARCH_WARMUP_SECONDS, next, labels) : undefined;
    const before = await cpuSnapshot(cluster, service);
    print(`search mix (${service.label}): ${CONNECTIONS} connections, ${SEARCH_SECONDS} s`);
    const result = await load.run(SEARCH_SECONDS, next, labels);
    const after = await cpuSnapshot(cluster, service);
    const cpu = phaseCpu(before, after, result);
    for (const row of [...result.classes, result.all]) {
      print(
        `  ${row.label}: ${row.requestsPerSecond.toFixed(0)} req/s, p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms, ` +
          `from cache ${((row.cacheHits / row.count) * 100).toFixed(1)}%, errors ${row.errors}, non-2xx ${row.non2xx}${row.statuses ? ` (${row.statuses})` : ''}`,
      );
    }
    print(`  PostgreSQL CPU ${(cpu.postgresMs / 1000).toFixed(1)} s for ${cpu.queries ?? '?'} SQL queries and ${cpu.requests} answers`);
    return {
      process: service.label,
      mix: SEARCH_MIX.map(({ label, share }) => `${Math.round(share * 100)}% ${label}`).join(', '),
      result,
      warmup,
      problems,
      cpu,
      queries: set.queryFacts,
      suggestions: set.suggestionFacts,
      cacheTtlSeconds: DEPLOYED_CACHE_TTL_SECONDS,
    };
  } finally {
    load.close();
  }
}

/** The broadest word alone on the cache-off process: 1 connection, BENCH_DURATION_SECONDS after a warm-up. */
async function worstCase(cluster: PostgresCluster, service: Service, broadest: Broadest, miss: (answer: Answer) => string | undefined): Promise<WorstCase> {
  const path = searchPath(broadest.word);
  const answer = await request(`${service.url}${path}`);
  const problem =
    answer.status >= 200 && answer.status < 300
      ? [fullPage(answer), miss(answer)].filter(Boolean).join('; ') || undefined
      : `answered ${answer.status}: ${answer.text.slice(0, 200)}`;
  if (problem) warn(`broadest word "${broadest.word}": ${problem}`);
  await untilDatabaseIdle(cluster);
  const load = new LoadGenerator(service.url, 1);
  const next = () => ({ label: 'search', path });
  try {
    if (WARMUP_SECONDS > 0) await load.run(WARMUP_SECONDS, next);
    const before = await cpuSnapshot(cluster, service);
    print(`broadest word "${broadest.word}" (${broadest.matches} matches, ${service.label}): 1 connection, ${DURATION_SECONDS} s`);
    const result = await load.run(DURATION_SECONDS, next);
    const after = await cpuSnapshot(cluster, service);
    const cpu = phaseCpu(before, after, result);
    const row = result.all;
    print(
      `  ${row.requestsPerSecond.toFixed(0)} req/s, p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms, errors ${row.errors}, non-2xx ${row.non2xx}; ` +
        `PostgreSQL CPU ${(cpu.postgresMs / 1000).toFixed(1)} s for ${cpu.queries ?? '?'} SQL queries`,
    );
    return { process: service.label, word: broadest.word, matches: broadest.matches, runnersUp: broadest.runnersUp, result, problem, cpu };
  } finally {
    load.close();
  }
}

/** The classes of a search run that measured errors, non-2xx answers or a wrong checked answer. */
function searchFailures(name: string, result: LoadResult, problems: Record<string, string | undefined>): string[] {
  return result.classes.filter((row) => row.errors || row.non2xx || problems[row.label]).map((row) => `${name}, ${row.label}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

/** Promotes the bench user to admin (as an operator would with the CLI) and signs in again for a token with that role. */
async function adminToken(cluster: PostgresCluster, base: string, email: string, login: string): Promise<string> {
  await cluster.sql(cluster.primaryPort, new URL(cluster.primaryUrl).pathname.slice(1), `UPDATE users SET role = 'admin' WHERE email = $1`, [email]);
  const answer = await request(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: login });
  if (answer.status !== 200) throw new Error(`could not sign the bench admin in: ${answer.status}`);
  return (JSON.parse(answer.text) as { accessToken: string }).accessToken;
}

/**
 * What auditing adds to an update: the audit INSERT the service runs inside the update's transaction, timed
 * alone on the primary (median of 200, each in a transaction rolled back), beside the update's own latency.
 */
async function auditInsertCost(cluster: PostgresCluster): Promise<string> {
  const client = new Client({ connectionString: cluster.primaryUrl });
  await client.connect();
  const timings: number[] = [];
  try {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      await client.query('BEGIN');
      const started = performance.now();
      await client.query(
        `INSERT INTO audit_logs (actor_id, actor_role, action, resource_type, resource_id, old_values, new_values, ip, user_agent, request_id, outcome)
         VALUES (gen_random_uuid(), 'admin', 'product.update', 'product', gen_random_uuid()::text, $1, $2, '127.0.0.1', 'bench', gen_random_uuid()::text, 'success')`,
        [JSON.stringify({ description: 'Before', version: 1 }), JSON.stringify({ description: 'After', version: 2 })],
      );
      timings.push(performance.now() - started);
      await client.query('ROLLBACK');
    }
  } finally {
    await client.end();
  }
  const median = timings.sort((a, b) => a - b)[100];
  return `Auditing a product update adds one INSERT into audit_logs inside the update's transaction: ${median.toFixed(2)} ms (median of 200, on the primary, alone); compare with the "PATCH /api/v1/products/:id" row's alone and p50 figures.`;
}
