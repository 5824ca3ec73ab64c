import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort, waitFor } from '../test/harness/free-port';
import { PostgresCluster } from '../test/harness/postgres-cluster';
import { RedisServer } from '../test/harness/redis-server';

/**
 * `npm run bench`: starts a real PostgreSQL primary + replica and Redis, the built service (production mode)
 * and a bare Fastify baseline, measures each scenario with autocannon in one run, and writes
 * bench/RESULTS.md. Figures are relative to the baseline measured in the same run, so they survive a busy
 * or slower machine better than absolute numbers.
 */
const ROOT = join(__dirname, '..');
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
const PASSWORD = 'correct horse battery staple';

interface Scenario {
  name: string;
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  connections: number;
  target: 'baseline' | 'service';
}

interface Row extends Scenario {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

function start(command: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(command, args, { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  return child;
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

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function measure(base: string, scenario: Scenario): Promise<Row> {
  const result = await autocannon({
    url: `${base}${scenario.url}`,
    method: scenario.method ?? 'GET',
    body: scenario.body,
    headers: scenario.body ? { 'content-type': 'application/json' } : {},
    connections: scenario.connections,
    duration: DURATION_SECONDS,
  });
  return {
    ...scenario,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

async function main(): Promise<void> {
  const cluster = await PostgresCluster.start();
  const redis = await RedisServer.start();
  const [servicePort, baselinePort] = [await freePort(), await freePort()];
  const children: ChildProcess[] = [];
  try {
    const baseline = start(process.execPath, ['-r', 'ts-node/register', 'bench/baseline-server.ts'], { PORT: String(baselinePort), TS_NODE_SWC: 'true' });
    const service = start(process.execPath, ['dist/src/main.js'], {
      NODE_ENV: 'production',
      PORT: String(servicePort),
      DATABASE_URL: cluster.primaryUrl,
      DATABASE_REPLICA_URLS: cluster.replicaUrl,
      REDIS_URL: redis.url,
      JWT_ACCESS_SECRET: 'bench-access-secret-at-least-32-bytes-long',
      JWT_REFRESH_SECRET: 'bench-refresh-secret-at-least-32-bytes-long',
      MIGRATIONS_RUN: 'true',
      LOG_LEVEL: 'info',
      // The load comes from one address: lift the limits that would otherwise (correctly) stop it.
      RATE_LIMIT_GLOBAL_LIMIT: '1000000',
      RATE_LIMIT_CREDENTIALS_IP_LIMIT: '1000000',
      RATE_LIMIT_CREDENTIALS_EMAIL_LIMIT: '1000000',
    });
    children.push(baseline, service);
    const baseUrl = `http://127.0.0.1:${baselinePort}`;
    const serviceUrl = `http://127.0.0.1:${servicePort}`;
    await Promise.all([untilUp(baseUrl, baseline), untilUp(`${serviceUrl}/health/ready`, service)]);

    const email = `bench-${Date.now()}@example.com`;
    const registered = await fetch(`${serviceUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    if (registered.status !== 201) throw new Error(`could not register the bench user: ${registered.status}`);
    const login = JSON.stringify({ email, password: PASSWORD });

    const scenarios: Scenario[] = [
      { name: 'bare Fastify baseline, GET page from memory', url: '/', connections: 50, target: 'baseline' },
      { name: 'GET /health/live (full middleware stack, no I/O)', url: '/health/live', connections: 50, target: 'service' },
      {
        name: 'POST /api/v1/auth/login, 1 connection (argon2id latency)',
        url: '/api/v1/auth/login',
        method: 'POST',
        body: login,
        connections: 1,
        target: 'service',
      },
      { name: 'POST /api/v1/auth/login, 4 connections', url: '/api/v1/auth/login', method: 'POST', body: login, connections: 4, target: 'service' },
    ];
    const rows: Row[] = [];
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(service.pid!))), 500);
    for (const scenario of scenarios) rows.push(await measure(scenario.target === 'baseline' ? baseUrl : serviceUrl, scenario));
    clearInterval(sampler);

    const ceiling = rows[0].requestsPerSecond;
    const lines = [
      `# Benchmark results`,
      ``,
      `Run on ${new Date().toISOString()} with \`npm run bench\` (${DURATION_SECONDS} s per scenario, autocannon; service in production mode with`,
      `pino logging (to /dev/null), Redis-backed rate limits, a PostgreSQL primary + streaming replica; all on this machine, ${cpus().length} cores).`,
      ``,
      `| scenario | conns | req/s | ratio to baseline | p50 ms | p99 ms | errors | non-2xx |`,
      `|---|---:|---:|---:|---:|---:|---:|---:|`,
      ...rows.map(
        (row) =>
          `| ${row.name} | ${row.connections} | ${row.requestsPerSecond.toFixed(0)} | ${(row.requestsPerSecond / ceiling).toFixed(3)} | ${row.p50} | ${row.p99} | ${row.errors} | ${row.non2xx} |`,
      ),
      ``,
      `Peak service RSS during the run: ${peakRss.toFixed(0)} MB.`,
      ``,
    ];
    writeFileSync(join(ROOT, 'bench', 'RESULTS.md'), lines.join('\n'));
    process.stdout.write(lines.join('\n'));
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await redis.stop();
    cluster.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
