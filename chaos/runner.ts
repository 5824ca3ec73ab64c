import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { ChaosCluster } from './cluster';
import { now, seconds, sleep, withDeadline } from './clock';
import { type Figures, figuresOf, type Window } from './figures';
import { Load } from './load';
import { haproxyExcerpts, serviceExcerpts } from './log-excerpts';
import { reconcile, type Reconciliation } from './reconcile';
import type { FaultWindow, Scenario } from './scenarios/scenario';

export interface ScenarioResult {
  scenario: Scenario;
  window: Window;
  figures: Figures;
  writes?: Reconciliation;
  /** Steps of the fault, ms from its start. */
  events: Array<{ at: number; what: string }>;
  notes: string[];
  /** The fault could not be injected or undone, or the writes not reconciled: the suite stops here. */
  error?: string;
  serviceLog: { events: string[]; access: string[] };
  haproxyLog: string[];
  elapsedMs: number;
  /** 1-minute load average when the scenario started: other work on the machine shows in every latency. */
  loadAverage: number;
}

export interface RunSettings {
  rate: number;
  runId: string;
  print(line: string): void;
}

/** Steady load; the fault; more load; every answer in; then the database asked about every write. */
export async function runScenario(cluster: ChaosCluster, scenario: Scenario, settings: RunSettings): Promise<ScenarioResult> {
  const began = now();
  const loadAverage = loadavg()[0];
  const load = new Load({ base: cluster.base, rate: settings.rate, fixtures: cluster.fixtures, label: scenario.label, runId: settings.runId });
  const stamped: Array<{ at: number; what: string }> = [];
  const event = (what: string) => {
    stamped.push({ at: now(), what });
    settings.print(`  ${scenario.id}: ${what}`);
  };
  let error: string | undefined;
  let fault: FaultWindow | undefined;
  const loadStart = now();
  load.start();
  await sleep(scenario.warmupMs);
  const injectedAt = now();
  try {
    fault = await withDeadline(scenario.inject({ cluster, event }), scenario.timeboxMs, scenario.title);
  } catch (failure) {
    error = `the fault could not be run: ${(failure as Error).message}`;
    event(error);
  }
  const faultStart = fault?.faultStart ?? injectedAt;
  const faultEnd = fault?.faultEnd ?? now();
  await sleep(scenario.observeMs);
  const loadEnd = now();
  try {
    await withDeadline(load.stop(), 90_000, 'the answers still due');
  } catch (failure) {
    error ??= (failure as Error).message;
  }
  let writes: Reconciliation | undefined;
  try {
    writes = await withDeadline(reconcile(cluster.postgres, load.writes), 60_000, 'the reconciliation of the writes');
  } catch (failure) {
    error ??= `the writes could not be reconciled: ${(failure as Error).message}`;
  }
  const window = { loadStart, faultStart, faultEnd, loadEnd };
  // Every request as the client saw it, for questions the report does not answer (kept with the logs).
  writeFileSync(
    join(cluster.logDir, `requests-${scenario.id}.jsonl`),
    load.attempts.map((attempt) => JSON.stringify({ ...attempt, fromFaultStartMs: Math.round(attempt.start - faultStart) })).join('\n'),
  );
  const logFrom = loadStart;
  const logTo = now();
  return {
    scenario,
    window,
    figures: figuresOf(load.attempts, load.shed, window),
    writes,
    events: stamped.map(({ at, what }) => ({ at: at - faultStart, what })),
    notes: [...(fault?.notes ?? []), `fault lasted ${seconds(faultEnd - faultStart)}`],
    error,
    serviceLog: serviceExcerpts(
      cluster.instances.flatMap((instance) => instance.logFiles),
      logFrom,
      logTo,
      faultStart,
    ),
    haproxyLog: haproxyExcerpts(cluster.haproxy.logFile, logFrom, logTo, faultStart),
    elapsedMs: now() - began,
    loadAverage,
  };
}
