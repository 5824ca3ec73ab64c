/** What one autocannon scenario measured. */
export interface Measurement {
  /** Stable key the targets refer to. */
  id: string;
  name: string;
  /** Which process answered: the baseline or one of the service processes. */
  process: string;
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Latency of one request on its own before the run (median of three, the database idle), in ms. */
  aloneMs: number;
  /** Non-2xx answers by status, e.g. "503×33". */
  statuses?: string;
  /** The answering process's peak resident set (VmHWM) after this scenario, in MB. */
  rssMb: number;
  /** Set when the check before the run found the answer wrong (status, body, cache header). */
  problem?: string;
  /** The baseline's req/s in a run of its own just before this one (same length, same connections), when paired. */
  pairedBaselineRps?: number;
  /** With several paired rounds: each round's ratio to its baseline (the row's figures are the median round's). */
  roundRatios?: number[];
}

/**
 * This row's req/s as a share of the baseline: of the baseline run just before it when there is one, so that a
 * machine whose speed drifts during the bench (other tenants, thermal limits) skews both sides alike.
 */
export function ratioToBaseline(row: Measurement, baselineRow: Measurement | undefined): number {
  return row.requestsPerSecond / (row.pairedBaselineRps ?? baselineRow?.requestsPerSecond ?? Number.NaN);
}

export interface BenchRun {
  at: Date;
  durationSeconds: number;
  warmupSeconds: number;
  cores: number;
  products: number;
  categories: number;
  seedSeconds: number;
  replicaCatchUpSeconds: number;
  /** Where the services' pino logs went. */
  serviceLogs: string;
  /** 1-minute load average when the bench started and when the measurements ended: other work on the machine skews every figure. */
  loadAverage: { start: number; end: number };
  rows: Measurement[];
  /** Peak resident set (VmHWM) of each service process, in MB. */
  peakRssMb: Record<string, number>;
  notes: string[];
}

export interface TargetResult {
  target: string;
  figures: string;
  met: boolean;
}

export const RSS_LIMIT_MB = 300;

const fixed = (value: number, digits = 0) => value.toFixed(digits);

/** A scenario whose answers were errors measured the error path: it cannot meet a target. */
function failed(row: Measurement): boolean {
  return row.errors > 0 || row.non2xx > 0 || row.problem !== undefined;
}

function failure(row: Measurement): string {
  return `${row.errors} errors, ${row.non2xx} non-2xx${row.statuses ? ` (${row.statuses})` : ''}${row.problem ? `, ${row.problem}` : ''}`;
}

export function evaluateTargets(run: BenchRun): TargetResult[] {
  const row = (id: string) => run.rows.find((candidate) => candidate.id === id);
  const baseline = row('baseline');
  const results: TargetResult[] = [];
  const check = (target: string, ids: string[], evaluate: (rows: Measurement[]) => { figures: string; met: boolean }) => {
    const rows = ids.map(row);
    if (rows.some((candidate) => candidate === undefined)) {
      results.push({ target, figures: 'not measured', met: false });
      return;
    }
    const measured = rows as Measurement[];
    const { figures, met } = evaluate(measured);
    const broken = measured.filter(failed);
    results.push({ target, figures: [figures, ...broken.map(failure)].join('; '), met: met && broken.length === 0 });
  };
  const ratio = (candidate: Measurement) => ratioToBaseline(candidate, baseline);
  const against = (candidate: Measurement) => fixed(candidate.pairedBaselineRps ?? baseline!.requestsPerSecond);

  check('warm list ≥ 50% of baseline and p99 < 25 ms', ['baseline', 'list-warm'], ([, warm]) => ({
    figures: `${fixed(warm.requestsPerSecond)} req/s = ${fixed(ratio(warm) * 100, 1)}% of ${against(warm)}; p99 ${warm.p99} ms`,
    met: ratio(warm) >= 0.5 && warm.p99 < 25,
  }));
  check('cache-off first page ≥ 15% of baseline', ['baseline', 'list-cold'], ([, cold]) => ({
    figures: `${fixed(cold.requestsPerSecond)} req/s = ${fixed(ratio(cold) * 100, 1)}% of ${against(cold)}`,
    met: ratio(cold) >= 0.15,
  }));
  check('deep page by cursor ≥ 80% of the cache-off first page', ['list-cold', 'deep-page'], ([cold, deep]) => {
    const share = deep.requestsPerSecond / cold.requestsPerSecond;
    return { figures: `${fixed(deep.requestsPerSecond)} req/s = ${fixed(share * 100, 1)}% of ${fixed(cold.requestsPerSecond)}`, met: share >= 0.8 };
  });
  check('search p99 < 50 ms (cache off: every request runs the query)', ['search'], ([search]) => ({
    figures: `p99 ${search.p99} ms (p50 ${search.p50} ms)`,
    met: search.p99 < 50,
  }));
  check('search p99 < 50 ms (cache on, as deployed: a repeated search)', ['search-warm'], ([search]) => ({
    figures: `p99 ${search.p99} ms (p50 ${search.p50} ms)`,
    met: search.p99 < 50,
  }));

  const rss = Object.entries(run.peakRssMb);
  results.push({
    target: `RSS < ${RSS_LIMIT_MB} MB (each service process)`,
    figures: rss.length ? rss.map(([name, mb]) => `${name}: ${fixed(mb)} MB`).join('; ') : 'not measured',
    met: rss.length > 0 && rss.every(([, mb]) => mb < RSS_LIMIT_MB),
  });
  return results;
}

export function renderResults(run: BenchRun): string {
  const baseline = run.rows.find((row) => row.id === 'baseline');
  const broken = run.rows.filter(failed);
  const targets = evaluateTargets(run);
  const flag = (value: number) => (value > 0 ? `**${value} ⚠**` : '0');
  const lines = [
    `# Benchmark results`,
    ``,
    `Run on ${run.at.toISOString()} with \`npm run bench\`: autocannon, ${run.durationSeconds} s per scenario after a ${run.warmupSeconds} s warm-up that is`,
    `not counted; the service (\`dist/\`) in production mode with pino logging (to ${run.serviceLogs}), Redis-backed rate limits (lifted) and`,
    `cache, a PostgreSQL primary + streaming replica seeded with ${run.products.toLocaleString('en')} products and ${run.categories.toLocaleString('en')} categories`,
    `(\`npm run seed\`: ${fixed(run.seedSeconds, 1)} s, replica caught up ${fixed(run.replicaCatchUpSeconds, 1)} s later); everything on this machine, ${run.cores} cores.`,
    `The baseline is bare Fastify sending the service's own first page (the same bytes) from memory; each scenario with ${run.rows[0]?.connections ?? 50}`,
    `connections is paired with a baseline run of the same length just before it, and its ratio is to that run. Load average (1 min) on the`,
    `machine: ${fixed(run.loadAverage.start, 2)} before the bench started anything, ${fixed(run.loadAverage.end, 2)} when the measurements ended.`,
    ``,
  ];
  if (broken.length) {
    lines.push(`## ⚠ Scenarios that measured errors`, ``);
    for (const row of broken) lines.push(`- **${row.name}**: ${failure(row)}. Its figures measure the failure, not the feature.`);
    lines.push(``);
  }
  lines.push(
    `| scenario | process | conns | req/s | baseline req/s just before | ratio to baseline | p50 ms | p99 ms | alone ms | errors | non-2xx | peak RSS MB |`,
    `|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
    ...run.rows.map(
      (row) =>
        `| ${row.name} | ${row.process} | ${row.connections} | ${fixed(row.requestsPerSecond)} | ${row.pairedBaselineRps === undefined ? '' : fixed(row.pairedBaselineRps)} | ${fixed(ratioToBaseline(row, baseline), 3)} | ${row.p50} | ${row.p99} | ${fixed(row.aloneMs, 1)} | ${flag(row.errors)} | ${flag(row.non2xx)} | ${fixed(row.rssMb)} |`,
    ),
    ``,
    ...run.rows
      .filter((row) => row.roundRatios)
      .map(
        (row) =>
          `"${row.name}" was measured in ${row.roundRatios!.length} paired rounds, ratios ${row.roundRatios!.map((ratio) => fixed(ratio, 3)).join(', ')}; the row shows the median round.`,
      ),
    ``,
    `"alone ms" is one request at a time, the database idle (median of three, before the run). Peak RSS is the process's high-water mark`,
    `(VmHWM) after the scenario. Per process: ${Object.entries(run.peakRssMb)
      .map(([name, mb]) => `${name}: ${fixed(mb)} MB`)
      .join('; ')}.`,
    ``,
    `## Targets`,
    ``,
    `| target | figures | result |`,
    `|---|---|---|`,
    ...targets.map((target) => `| ${target.target} | ${target.figures} | ${target.met ? 'met' : '**missed**'} |`),
    ``,
  );
  if (run.notes.length) lines.push(`## Notes`, ``, ...run.notes.map((note) => `- ${note}`), ``);
  return lines.join('\n');
}
