import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { now, seconds } from './clock';
import { ChaosCluster } from './cluster';
import { CHECK_FALL, CHECK_INTERVAL_MS } from './haproxy';
import { DRAIN_DELAY_MS } from './instances';
import { renderResults, type SuiteRun, verdicts } from './report';
import { runScenario, type ScenarioResult } from './runner';
import { SCENARIOS } from './scenarios';

/**
 * `npm run chaos`: three instances of the built service behind haproxy, a PostgreSQL primary with a streaming
 * replica, and Redis, all on loopback in a temporary folder; under steady mixed load, one fault after another
 * (see chaos/scenarios/). Writes chaos/RESULTS.md. Exit 0 when every target is met, 1 when one is missed, 2 when
 * the suite itself could not run.
 *
 * Environment: CHAOS_RATE (requests/s, default 60), CHAOS_ONLY (comma-separated scenario ids; the steady state
 * always runs first), CHAOS_KEEP_LOGS=1 (keep the logs folder even when every target is met).
 */
const ROOT = join(__dirname, '..');
/** Requests/s. Three instances, PostgreSQL, Redis, haproxy and the generator share the machine: leave them CPU headroom. */
const RATE = Number(process.env.CHAOS_RATE ?? 60);
/** The whole suite must end within 10 minutes; past this it is stopped, everything cleaned up. */
const SUITE_DEADLINE_MS = 10 * 60_000 - 15_000;

function print(line: string): void {
  process.stdout.write(`chaos: ${line}\n`);
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

function selectedScenarios() {
  const only = (process.env.CHAOS_ONLY ?? '').split(',').filter(Boolean);
  const unknown = only.filter((id) => !SCENARIOS.some((scenario) => scenario.id === id));
  if (unknown.length)
    throw new Error(`CHAOS_ONLY names unknown scenarios: ${unknown.join(', ')} (known: ${SCENARIOS.map((scenario) => scenario.id).join(', ')})`);
  return SCENARIOS.filter((scenario, index) => index === 0 || only.length === 0 || only.includes(scenario.id));
}

async function main(): Promise<number> {
  if (!Number.isFinite(RATE) || RATE < 10 || RATE > 2_000) throw new Error('CHAOS_RATE must be between 10 and 2000');
  if (!existsSync(join(ROOT, 'dist', 'src', 'main.js'))) throw new Error('dist/src/main.js is missing: run `npm run build` first');
  const scenarios = selectedScenarios();
  const began = now();
  const dir = mkdtempSync(join(tmpdir(), 'catalog-chaos-'));
  const cluster = new ChaosCluster(dir, print);
  const run: SuiteRun = {
    at: new Date(),
    commit: `${git(['rev-parse', '--short', 'HEAD'])}${git(['status', '--porcelain']) ? ' (with uncommitted changes)' : ''}`,
    cores: cpus().length,
    loadAverage: { start: loadavg()[0], end: 0 },
    rate: RATE,
    elapsedMs: 0,
    setup: [],
    results: [],
  };

  let cleaning: Promise<void> | undefined;
  const cleanUp = () => (cleaning ??= cluster.stop().catch((error: Error) => print(`clean-up: ${error.message}`)));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      print(`${signal}: stopping every process the suite started`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  const deadline = setTimeout(() => {
    print(`the suite overran ${seconds(SUITE_DEADLINE_MS)}: stopping everything`);
    void cleanUp().finally(() => process.exit(2));
  }, SUITE_DEADLINE_MS);
  deadline.unref();

  try {
    await cluster.start();
    run.setup.push(
      `PostgreSQL: primary + streaming hot-standby replica (test/harness/postgres-cluster.ts). The service's DATABASE_URL names haproxy's TCP frontend in front of the primary; DATABASE_REPLICA_URLS the replica directly. ${cluster.migratedBy}.`,
      `haproxy: HTTP frontend over 3 instances, health checks GET /health/ready every ${CHECK_INTERVAL_MS} ms (fall ${CHECK_FALL}, rise 2), retry-on conn-failure empty-response response-timeout with option redispatch (writes without an Idempotency-Key retried only when never sent); generated config in the temporary folder.`,
      `Instances: node dist/src/main.js, NODE_ENV=production, SHUTDOWN_DRAIN_DELAY_MS=${DRAIN_DELAY_MS}, rate limits lifted (one client address), other settings at their defaults.`,
    );
    for (const scenario of scenarios) {
      const left = SUITE_DEADLINE_MS - (now() - began);
      const needs = scenario.warmupMs + scenario.timeboxMs + scenario.observeMs + 60_000;
      if (needs > left) {
        run.error = `not enough time left for "${scenario.title}" and what follows (${seconds(left)} of the 10 minutes left)`;
        break;
      }
      print(`${scenario.title}`);
      const result = await runScenario(cluster, scenario, { rate: RATE, runId: Date.now().toString(36), print });
      run.results.push(result);
      printSummary(result);
      if (result.error) {
        run.error = `"${scenario.title}": ${result.error}`;
        break;
      }
    }
  } catch (error) {
    run.error = (error as Error).stack ?? String(error);
    print(`the suite failed: ${run.error}`);
  } finally {
    await cleanUp();
    clearTimeout(deadline);
  }

  run.elapsedMs = now() - began;
  run.loadAverage.end = loadavg()[0];
  const missed = run.results.some((result) => verdicts(result).some((verdict) => !verdict.met));
  const keep = missed || run.error !== undefined || process.env.CHAOS_KEEP_LOGS === '1';
  if (keep) run.logDir = join(dir, 'logs');
  else rmSync(dir, { recursive: true, force: true });
  const markdown = renderResults(run);
  writeFileSync(join(__dirname, 'RESULTS.md'), markdown);
  process.stdout.write(`\n${markdown}\n`);
  if (keep) print(`logs kept in ${run.logDir}`);
  if (run.error !== undefined) return 2;
  return missed ? 1 : 0;
}

function printSummary(result: ScenarioResult): void {
  const { figures: f, writes: w } = result;
  print(
    `  ${result.scenario.id}: ${f.requests} requests, ${f.ok} 2xx, ${f.clientErrors} 4xx, ${f.serverErrors} 5xx (${f.unavailableWithRetryAfter} 503+Retry-After), ` +
      `${f.connectionErrors} connection errors, p99 ${f.p99FaultMs.toFixed(0)} ms during the fault, recovered ${f.recovered ? `after ${seconds(f.recoverMs)}` : 'NOT'}; ` +
      `writes: ${w ? `${w.acknowledged} acknowledged, ${w.lost} lost, ${w.failedApplied} failed but applied, ${w.duplicated} duplicated` : 'not reconciled'}`,
  );
  for (const verdict of verdicts(result).filter((found) => !found.met)) print(`  MISSED ${verdict.target}: ${verdict.wanted}; measured ${verdict.measured}`);
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    print(error.message);
    process.exit(2);
  },
);
