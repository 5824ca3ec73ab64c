import type { ScenarioResult } from './runner';
import type { Target } from './scenarios/scenario';

export interface Verdict {
  target: Target | 'harness';
  met: boolean;
  /** The target in words. */
  wanted: string;
  /** What was measured. */
  measured: string;
}

export interface SuiteRun {
  at: Date;
  commit: string;
  cores: number;
  loadAverage: { start: number; end: number };
  rate: number;
  elapsedMs: number;
  setup: string[];
  results: ScenarioResult[];
  /** Set when the suite could not start or stopped early. */
  error?: string;
  logDir?: string;
}

const RECOVERY_LIMIT_MS = 10_000;

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : '-');
const s = (value: number) => `${(value / 1000).toFixed(1)} s`;

export function verdicts(result: ScenarioResult): Verdict[] {
  const { figures, writes } = result;
  const found: Verdict[] = [];
  const failures = `${figures.serverErrors} 5xx, ${figures.connectionErrors} connection errors${figures.shed ? `, ${figures.shed} shed` : ''}`;
  for (const target of result.scenario.targets) {
    switch (target) {
      case 'writes':
        found.push({
          target,
          met: writes !== undefined && writes.lost === 0 && writes.failedApplied === 0,
          wanted: '0 acknowledged writes lost, 0 failed writes applied',
          measured: writes
            ? `${writes.lost} lost of ${writes.acknowledged} acknowledged; ${writes.failedApplied} applied of ${writes.failed} failed`
            : 'not reconciled',
        });
        break;
      case 'keys':
        found.push({
          target,
          met: writes !== undefined && writes.duplicated === 0,
          wanted: '(added) no keyed POST applied twice',
          measured: writes ? `${writes.duplicated} applied twice; ${writes.notReplayed} resends not replayed` : 'not reconciled',
        });
        break;
      case 'no-errors':
        found.push({
          target,
          met: figures.serverErrors + figures.connectionErrors + figures.shed === 0,
          wanted: '0 5xx, 0 connection errors',
          measured: failures,
        });
        break;
      case 'only-503':
        found.push({
          target,
          met: figures.clientErrors + figures.otherServerErrors + figures.connectionErrors + figures.shed === 0,
          wanted: 'every failure a 503 with Retry-After',
          measured: `${figures.unavailableWithRetryAfter} 503+Retry-After; ${figures.otherServerErrors} other 5xx, ${figures.clientErrors} 4xx, ${figures.connectionErrors} connection errors`,
        });
        break;
      case 'recover-10s':
        found.push({
          target,
          met: figures.recovered && figures.recoverMs <= RECOVERY_LIMIT_MS,
          wanted: `recovered within ${s(RECOVERY_LIMIT_MS)} of ${result.scenario.recoveryFrom}`,
          measured: figures.recovered ? s(figures.recoverMs) : 'still failing at the end of the scenario',
        });
        break;
    }
  }
  if (result.error) found.push({ target: 'harness', met: false, wanted: 'the fault runs and is undone', measured: result.error });
  return found;
}

function summaryRow(result: ScenarioResult): string {
  const { figures: f, writes: w } = result;
  const recover = f.recovered ? s(f.recoverMs) : `not recovered (${s(f.recoverMs)}+)`;
  const met = verdicts(result).every((verdict) => verdict.met);
  return `| ${result.scenario.title} | ${f.requests} | ${f.ok} | ${f.clientErrors} | ${f.serverErrors} | ${f.unavailableWithRetryAfter} | ${f.otherServerErrors} | ${f.connectionErrors}${f.shed ? ` (+${f.shed} shed)` : ''} | ${ms(f.p99BeforeMs)} | ${ms(f.p99FaultMs)} | ${recover} | ${w?.acknowledged ?? '-'} | ${w?.lost ?? '-'} | ${w?.failedApplied ?? '-'} | ${w?.duplicated ?? '-'} | ${met ? 'met' : '**missed**'} |`;
}

function details(result: ScenarioResult): string[] {
  const { figures: f, writes: w, window } = result;
  const lines = [
    `### ${result.scenario.title}`,
    '',
    `Fault ${s(window.faultEnd - window.faultStart)} after ${s(window.faultStart - window.loadStart)} of steady load; load for ${s(window.loadEnd - window.faultEnd)} after it; time to recover measured from ${result.scenario.recoveryFrom}. Scenario took ${s(result.elapsedMs)}; load average ${result.loadAverage.toFixed(2)} when it began.`,
    '',
    '| target | wanted | measured | |',
    '|---|---|---|---|',
    ...verdicts(result).map((verdict) => `| ${verdict.target} | ${verdict.wanted} | ${verdict.measured} | ${verdict.met ? 'met' : '**missed**'} |`),
    '',
    'Timeline (from the start of the fault):',
    '',
    ...result.events.map((event) => `- ${event.at >= 0 ? '+' : ''}${(event.at / 1000).toFixed(2)} s ${event.what}`),
    '',
  ];
  if (result.notes.length) lines.push('Notes:', '', ...result.notes.map((note) => `- ${note}`), '');
  if (f.breakdown.length) {
    lines.push('Requests that did not get a 2xx (status, Retry-After, problem code, class):', '', ...f.breakdown.map((line) => `- ${line}`), '');
    if (f.failuresByServer)
      lines.push(
        `Failed requests (5xx, no answer, or an answer with Retry-After) by the instance that answered (\`-\`: none, or haproxy itself): ${f.failuresByServer}`,
        '',
      );
  }
  if (w) {
    lines.push(
      `Writes: ${w.acknowledged} acknowledged, ${w.failed} failed, ${w.indeterminate} without an answer (${w.indeterminateApplied} of them applied); ` +
        `${w.lost} lost, ${w.failedApplied} failed but applied, ${w.duplicated} keyed POSTs applied twice, ${w.notReplayed} resends not replayed.`,
      '',
    );
    if (w.problems.length) lines.push('```', ...w.problems, '```', '');
  }
  if (result.serviceLog.events.length || result.serviceLog.access.length) {
    lines.push('Service log, warnings and errors during the scenario (grouped; count, first … last time from the fault start, one line):', '', '```');
    lines.push(...result.serviceLog.events, ...(result.serviceLog.access.length ? ['-- access lines --', ...result.serviceLog.access] : []), '```', '');
  }
  if (result.haproxyLog.length) lines.push('haproxy, requests and sessions that did not end normally:', '', '```', ...result.haproxyLog, '```', '');
  return lines;
}

export function renderResults(run: SuiteRun): string {
  const missed = run.results.filter((result) => verdicts(result).some((verdict) => !verdict.met));
  const lines = [
    '# Chaos suite results',
    '',
    `Run ${run.at.toISOString()} at commit ${run.commit}, ${run.cores} cores, 1-minute load average ${run.loadAverage.start.toFixed(2)} at the start and ${run.loadAverage.end.toFixed(2)} at the end; ` +
      `${s(run.elapsedMs)} in all. Load: ${run.rate} requests/s, open loop (50% anonymous catalog reads, 20% GET /users/me, 10% admin product creates, ` +
      '10% admin PATCHes, 10% stock adjustments with an Idempotency-Key, retried under it after a 5xx or no answer; 20% of those acknowledged sent again 3 s later).',
    '',
    ...run.setup.map((line) => `- ${line}`),
    '',
  ];
  if (run.loadAverage.start > run.cores) {
    lines.push(
      `**The machine was busy before the suite started** (load average ${run.loadAverage.start.toFixed(2)} on ${run.cores} cores): every latency and timeout below includes other work.`,
      '',
    );
  }
  if (run.error) lines.push(`**The suite stopped early:** ${run.error}`, '');
  lines.push(
    '| scenario | requests | 2xx | 4xx | 5xx | 503 + Retry-After | other 5xx | connection errors | p99 before | p99 during fault | time to recover | acknowledged writes | lost | failed but applied | keyed applied twice | targets |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...run.results.map(summaryRow),
    '',
    missed.length ? `Targets missed in: ${missed.map((result) => result.scenario.title).join('; ')}.` : 'Every target met.',
    '',
    'Counts cover the whole scenario (steady load, fault, load after it). "Time to recover": from the end of the fault to the end of the last failed request: a 5xx, no answer, or any other answer asking to retry (Retry-After on a 409 or 429). haproxy log lines carry the time a request arrived.',
    '',
    '## Scenarios',
    '',
    ...run.results.flatMap(details),
  );
  if (run.logDir) lines.push(`Logs of every process (one file per instance start, haproxy, PostgreSQL) were kept in \`${run.logDir}\`.`, '');
  return lines.join('\n');
}
