import type { ClassStats, LoadResult } from './load';
import type { QuerySetFacts, SuggestionFacts } from './search-queries';

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
  /** The search bench: the realistic mix (cache on) and the broadest word alone (cache off), when measured. */
  search?: { mix?: SearchMix; worst?: WorstCase };
  /** Peak resident set (VmHWM) of each service process, in MB. */
  peakRssMb: Record<string, number>;
  notes: string[];
}

/** CPU used during a measured phase, beside the work done in it. */
export interface PhaseCpu {
  /** Wall time of the phase, in s. */
  seconds: number;
  /** Every process of the PostgreSQL primary and replica, in ms of CPU. */
  postgresMs: number;
  /** The service process, in ms of CPU. */
  serviceMs: number;
  /** The load generator (the bench's own process), in ms of CPU. */
  generatorMs: number;
  /** SQL queries the service sent (Δ db_query_duration_seconds_count, both pools); undefined when /metrics could not be read. */
  queries?: number;
  /** The same by pool, e.g. "primary 12, replica 3400". */
  queriesByPool?: string;
  /** Answers received. */
  requests: number;
}

/** The realistic search mix: many queries, Zipf-drawn, cache on, 50 connections. */
export interface SearchMix {
  process: string;
  /** The mix, described: "75% search, 10% faceted, 15% suggest". */
  mix: string;
  result: LoadResult;
  /** The warm-up (same mix, not counted). */
  warmup?: LoadResult;
  /** What the check of one answer of each class before the run found wrong, by class. */
  problems: Record<string, string>;
  cpu: PhaseCpu;
  queries: QuerySetFacts;
  suggestions: SuggestionFacts;
  /** The cache entries' time to live in the service measured, in s. */
  cacheTtlSeconds: number;
}

/** The broadest single word of the names, alone, cache off: the most expensive search. */
export interface WorstCase {
  process: string;
  word: string;
  /** Visible products it matches (as the service matches it: each term as a prefix). */
  matches: number;
  /** The next broadest words and their matches, for context. */
  runnersUp: string;
  result: LoadResult;
  problem?: string;
  cpu: PhaseCpu;
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

  const share = (candidate: Measurement) => `${fixed(candidate.requestsPerSecond)} req/s = ${fixed(ratio(candidate) * 100, 1)}% of ${against(candidate)}`;
  const ofBaseline = (target: string, id: string, least: number) =>
    check(target, ['baseline', id], ([, candidate]) => ({
      figures: `${share(candidate)}; p99 ${candidate.p99} ms`,
      met: ratio(candidate) >= least,
    }));

  ofBaseline('warm list, fast path (cache on, as deployed) ≥ 60% of baseline', 'list-warm', 0.6);
  check('warm list through Nest (cache on, fast path off) ≥ 40% of baseline and p99 < 25 ms', ['baseline', 'list-warm-nest'], ([, warm]) => ({
    figures: `${share(warm)}; p99 ${warm.p99} ms`,
    met: ratio(warm) >= 0.4 && warm.p99 < 25,
  }));
  ofBaseline('GET /health/live ≥ 45% of baseline', 'health', 0.45);
  check('cache-off first page ≥ the naive Express + pg peer’s req/s and p99 < 100 ms', ['baseline', 'express-peer', 'list-cold'], ([, peer, cold]) => ({
    figures:
      `${fixed(cold.requestsPerSecond)} req/s (${fixed(ratio(cold) * 100, 1)}% of baseline), p99 ${cold.p99} ms; ` +
      `peer ${fixed(peer.requestsPerSecond)} req/s (${fixed(ratio(peer) * 100, 1)}% of baseline), p99 ${peer.p99} ms`,
    met: cold.requestsPerSecond >= peer.requestsPerSecond && cold.p99 < 100,
  }));
  ofBaseline('cache-off product by id ≥ 15% of baseline', 'by-id', 0.15);
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

  results.push(...searchTargets(run));

  const rss = Object.entries(run.peakRssMb);
  results.push({
    target: `peak RSS < ${RSS_LIMIT_MB} MB (each service process)`,
    figures: rss.length ? rss.map(([name, mb]) => `${name}: ${fixed(mb)} MB`).join('; ') : 'not measured',
    met: rss.length > 0 && rss.every(([, mb]) => mb < RSS_LIMIT_MB),
  });
  return results;
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');
const percent = (share: number) => (Number.isFinite(share) ? `${(share * 100).toFixed(1)}%` : 'n/a');

/** A class of the mix whose answers include errors, non-2xx or a wrong checked answer measured the error path. */
function searchFailure(row: ClassStats, problem?: string): string | undefined {
  if (!row.errors && !row.non2xx && !problem) return undefined;
  return `${row.errors} errors, ${row.non2xx} non-2xx of ${row.count + row.errors}${row.statuses ? ` (${row.statuses})` : ''}${problem ? `, ${problem}` : ''}`;
}

function searchTargets(run: BenchRun): TargetResult[] {
  const results: TargetResult[] = [];
  const mix = run.search?.mix;
  const classRow = (label: string) => (label === 'all' ? mix?.result.all : mix?.result.classes.find((row) => row.label === label));
  const mixTarget = (target: string, label: string, evaluate: (row: ClassStats) => { figures: string; met: boolean }) => {
    const row = classRow(label);
    if (!mix || !row || !row.count) {
      results.push({ target, figures: row ? `no answers${row.errors ? ` (${row.errors} errors)` : ''}` : 'not measured', met: false });
      return;
    }
    const checked = Object.keys(mix.problems);
    const problem = label === 'all' ? (checked.length ? `the check before the run failed for ${checked.join(', ')}` : undefined) : mix.problems[label];
    const failure = searchFailure(row, problem);
    const { figures, met } = evaluate(row);
    results.push({ target, figures: [figures, failure].filter(Boolean).join('; '), met: met && !failure });
  };
  mixTarget('search mix p99 < 100 ms and ≥ 1,000 req/s (50 connections, cache on)', 'all', (all) => ({
    figures: `${fixed(all.requestsPerSecond)} req/s, p99 ${ms(all.p99)} ms (p50 ${ms(all.p50)} ms)`,
    met: all.p99 < 100 && all.requestsPerSecond >= 1000,
  }));
  mixTarget('faceted search p99 < 150 ms (in the mix)', 'faceted', (row) => ({
    figures: `p99 ${ms(row.p99)} ms (p50 ${ms(row.p50)} ms, ${fixed(row.requestsPerSecond)} req/s)`,
    met: row.p99 < 150,
  }));
  mixTarget('suggestions p99 < 30 ms (in the mix)', 'suggest', (row) => ({
    figures: `p99 ${ms(row.p99)} ms (p50 ${ms(row.p50)} ms, ${fixed(row.requestsPerSecond)} req/s)`,
    met: row.p99 < 30,
  }));
  const worst = run.search?.worst;
  const target = `broadest word alone (cache off, 1 connection): p50 < 20 ms`;
  if (!worst || !worst.result.all.count) results.push({ target, figures: worst ? 'no answers' : 'not measured', met: false });
  else {
    const row = worst.result.all;
    const failure = searchFailure(row, worst.problem);
    results.push({
      target,
      figures: [`"${worst.word}" (${worst.matches.toLocaleString('en')} matches): p50 ${ms(row.p50)} ms (p99 ${ms(row.p99)} ms)`, failure]
        .filter(Boolean)
        .join('; '),
      met: row.p50 < 20 && !failure,
    });
  }
  return results;
}

/** PostgreSQL CPU per SQL query the service sent, and per answer, in ms. */
function perQuery(cpu: PhaseCpu): { perQuery: string; perRequest: string; queriesPerRequest: string } {
  return {
    perQuery: cpu.queries ? (cpu.postgresMs / cpu.queries).toFixed(2) : 'n/a',
    perRequest: cpu.requests ? (cpu.postgresMs / cpu.requests).toFixed(2) : 'n/a',
    queriesPerRequest: cpu.queries !== undefined && cpu.requests ? (cpu.queries / cpu.requests).toFixed(2) : 'n/a',
  };
}

function cpuNote(what: string, cpu: PhaseCpu): string {
  const cores = (cpuMs: number) => (cpuMs / 1000 / cpu.seconds).toFixed(2);
  return (
    `${what}: over ${cpu.seconds.toFixed(1)} s, PostgreSQL (primary and replica, every process) used ${(cpu.postgresMs / 1000).toFixed(1)} s of CPU (${cores(cpu.postgresMs)} cores), ` +
    `the service ${(cpu.serviceMs / 1000).toFixed(1)} s (${cores(cpu.serviceMs)} cores), the load generator ${(cpu.generatorMs / 1000).toFixed(1)} s (${cores(cpu.generatorMs)} cores); ` +
    `${cpu.queries === undefined ? 'the SQL query count could not be read from /metrics' : `${cpu.queries.toLocaleString('en')} SQL queries (${cpu.queriesByPool ?? ''})`} for ${cpu.requests.toLocaleString('en')} answers.`
  );
}

function renderSearch(run: BenchRun): string[] {
  const { mix, worst } = run.search ?? {};
  if (!mix && !worst) return [];
  const flag = (value: number) => (value > 0 ? `**${value} ⚠**` : '0');
  const lines = [`## Search`, ``];
  if (mix) {
    const cpu = perQuery(mix.cpu);
    const { result } = mix;
    lines.push(
      `The realistic mix (${mix.mix}) against the ${mix.process} process, as deployed: ${result.connections} connections of a closed-loop load generator (node:http, keep-alive), ` +
        `${result.seconds.toFixed(1)} s after a warm-up of the same mix that is not counted. Queries are drawn with a Zipf distribution from ${mix.queries.distinct.toLocaleString('en')} distinct ` +
        `searches and ${mix.suggestions.distinct.toLocaleString('en')} distinct suggestion prefixes made from the seed's vocabulary (see the notes). Latencies are exact percentiles of every answer, in ms; ` +
        `"from cache" is the share answered with \`X-Cache: HIT\`. PostgreSQL CPU is the CPU time of every process of the primary and the replica over the phase (from /proc), ` +
        `divided by the SQL queries the service sent (\`db_query_duration_seconds_count\`) or by the answers; it cannot be split by class.`,
      ``,
      `| class | answers | req/s | p50 ms | p99 ms | max ms | from cache | distinct URLs | errors | non-2xx | SQL queries / answer | PG CPU ms / query | PG CPU ms / answer |`,
      `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
      ...[...result.classes, result.all].map((row) => {
        const overall = row === result.all;
        const problem = overall ? undefined : mix.problems[row.label];
        return (
          `| ${overall ? '**all**' : row.label}${problem ? ' ⚠' : ''} | ${row.count.toLocaleString('en')} | ${fixed(row.requestsPerSecond)} | ${ms(row.p50)} | ${ms(row.p99)} | ${ms(row.max)} | ${percent(row.cacheHits / row.count)} | ` +
          `${row.distinctPaths.toLocaleString('en')} | ${flag(row.errors)} | ${flag(row.non2xx)}${row.statuses ? ` (${row.statuses})` : ''} | ${overall ? cpu.queriesPerRequest : ''} | ${overall ? cpu.perQuery : ''} | ${overall ? cpu.perRequest : ''} |`
        );
      }),
      ``,
    );
  }
  if (worst) {
    const cpu = perQuery(worst.cpu);
    const row = worst.result.all;
    lines.push(
      `The worst case alone: the single word of the product names that matches the most visible products (counted with SQL as the service matches it, a prefix), ` +
        `against the ${worst.process} process (every request runs the query), 1 connection, ${worst.result.seconds.toFixed(1)} s after a warm-up. Next broadest: ${worst.runnersUp}.`,
      ``,
      `| broadest word | matches | answers | req/s | p50 ms | p99 ms | max ms | errors | non-2xx | SQL queries / answer | PG CPU ms / query | PG CPU ms / answer |`,
      `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
      `| ${worst.word}${worst.problem ? ' ⚠' : ''} | ${worst.matches.toLocaleString('en')} | ${row.count.toLocaleString('en')} | ${fixed(row.requestsPerSecond)} | ${ms(row.p50)} | ${ms(row.p99)} | ${ms(row.max)} | ` +
        `${flag(row.errors)} | ${flag(row.non2xx)}${row.statuses ? ` (${row.statuses})` : ''} | ${cpu.queriesPerRequest} | ${cpu.perQuery} | ${cpu.perRequest} |`,
      ``,
    );
  }
  return lines;
}

function searchNotes(run: BenchRun): string[] {
  const { mix, worst } = run.search ?? {};
  const notes: string[] = [];
  if (mix) {
    const { queries, suggestions } = mix;
    const shares = (of: typeof queries.set) =>
      `${percent(of.oneWord)} one word, ${percent(of.twoWords)} two, ${percent(of.threeWords)} three; ${percent(of.typo)} with a one-letter typo, ${percent(of.prefix)} prefixes of 3–5 letters, ${percent(of.crossDepartment)} cross-department combinations (words no product name combines; most match nothing)`;
    notes.push(
      `Search query set: ${queries.distinct.toLocaleString('en')} distinct queries from the seed's name vocabulary, ranked by popularity and drawn with a Zipf distribution (exponent ${queries.exponent}) over the ranks. ` +
        `Of the set: ${shares(queries.set)}. Of the traffic (Zipf-weighted): ${shares(queries.traffic)}. The 10 most popular queries take ${percent(queries.top10)} of the draws, the 100 most popular ${percent(queries.top100)}; ` +
        `the first ten: ${queries.mostPopular.map((q) => `"${q}"`).join(', ')}.`,
      `Suggestion prefixes: ${suggestions.distinct.toLocaleString('en')} distinct prefixes of name words, 3–8 letters (by length: ${suggestions.lengths}), ${percent(suggestions.typo.set)} of them ` +
        `(${percent(suggestions.typo.traffic)} of the draws) with a typo after the first 4 letters; drawn with the same Zipf distribution.`,
      `The search mix ran on a service started for it with the cache exactly as deployed (entries live ${mix.cacheTtlSeconds} s, ${'`'}CATALOG_CACHE_LOCAL_ENTRIES${'`'} at its default), in its steady state: ` +
        `measured after a warm-up of the same mix${mix.warmup ? ` (${mix.warmup.all.count.toLocaleString('en')} answers in ${mix.warmup.seconds.toFixed(1)} s, ${percent(mix.warmup.all.cacheHits / mix.warmup.all.count)} from cache, p50 ${ms(mix.warmup.all.p50)} ms, p99 ${ms(mix.warmup.all.p99)} ms, ${mix.warmup.all.non2xx} non-2xx, ${mix.warmup.all.errors} errors)` : ''} ` +
        `that lasts at least one cache lifetime, so that the head is cached and the tail keeps expiring and missing as in production. Requests ask for no compression.`,
      cpuNote('Search mix CPU', mix.cpu),
    );
    for (const [label, problem] of Object.entries(mix.problems)) notes.push(`⚠ The check of one "${label}" answer before the mix found: ${problem}.`);
  }
  if (worst) notes.push(cpuNote(`Broadest word ("${worst.word}") CPU`, worst.cpu));
  return notes;
}

export function renderResults(run: BenchRun): string {
  const baseline = run.rows.find((row) => row.id === 'baseline');
  const broken = run.rows.filter(failed);
  const targets = evaluateTargets(run);
  const flag = (value: number) => (value > 0 ? `**${value} ⚠**` : '0');
  const mix = run.search?.mix;
  const worst = run.search?.worst;
  const brokenSearch = [
    ...(mix ? [...mix.result.classes].map((row) => ({ name: `search mix, ${row.label}`, failure: searchFailure(row, mix.problems[row.label]) })) : []),
    ...(worst ? [{ name: `broadest word "${worst.word}" alone, cache off`, failure: searchFailure(worst.result.all, worst.problem) }] : []),
  ].filter((row) => row.failure);
  const peakRss = Object.entries(run.peakRssMb)
    .map(([name, mb]) => `${name}: ${fixed(mb)} MB`)
    .join('; ');
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
  if (broken.length || brokenSearch.length) {
    lines.push(`## ⚠ Scenarios that measured errors`, ``);
    for (const row of broken) lines.push(`- **${row.name}**: ${failure(row)}. Its figures measure the failure, not the feature.`);
    for (const row of brokenSearch) lines.push(`- **${row.name}**: ${row.failure}. Its figures measure the failure, not the feature.`);
    lines.push(``);
  }
  if (run.rows.length) {
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
      `(VmHWM) after the scenario. Per process: ${peakRss}.`,
    );
  } else {
    lines.push(`Only the search bench ran (BENCH_ONLY=search): the other scenarios were not measured. Peak RSS (VmHWM) per process: ${peakRss}.`);
  }
  lines.push(
    ``,
    ...renderSearch(run),
    `## Targets`,
    ``,
    `| target | figures | result |`,
    `|---|---|---|`,
    ...targets.map((target) => `| ${target.target} | ${target.figures} | ${target.met ? 'met' : '**missed**'} |`),
    ``,
  );
  const notes = [...run.notes, ...searchNotes(run)];
  if (notes.length) lines.push(`## Notes`, ``, ...notes.map((note) => `- ${note}`), ``);
  return lines.join('\n');
}
