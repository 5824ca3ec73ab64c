import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A closed-loop load generator on node:http for a mix of requests: exactly `connections` keep-alive
 * connections, each a loop that takes the next request of the mix, sends it, waits for the whole answer, records
 * its latency and goes on. Unlike autocannon it sends a different URL each time and keeps figures per class of
 * request (search, faceted search, suggestions): count, req/s, exact p50 and p99, non-2xx, errors, and the share
 * answered from the cache (`X-Cache: HIT`).
 */

export interface PlannedRequest {
  /** The class of request the figures are kept under. */
  label: string;
  /** Path and query string, already URL-encoded. */
  path: string;
}

export interface ClassStats {
  label: string;
  /** Answers received (any status); errors are counted apart. */
  count: number;
  requestsPerSecond: number;
  /** Exact percentiles of the answers' latencies (nearest rank), in ms. */
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  /** Non-2xx answers by status, e.g. "404×1200". */
  statuses?: string;
  /** Requests that got no answer: connection errors and timeouts. */
  errors: number;
  /** Answers with `X-Cache: HIT`. */
  cacheHits: number;
  /** Distinct paths sent. */
  distinctPaths: number;
}

export interface LoadResult {
  connections: number;
  /** Wall time from the first request sent to the last answer, in s. */
  seconds: number;
  /** One row per label, in the order given to `run`, then any other label met. */
  classes: ClassStats[];
  all: ClassStats;
  /** CPU this process used meanwhile (the load generator's own share of the machine), in ms. */
  generatorCpuMs: number;
}

const REQUEST_TIMEOUT_MS = 30_000;

class Recorder {
  readonly latencies: number[] = [];
  readonly statuses = new Map<number, number>();
  readonly paths = new Set<string>();
  errors = 0;
  cacheHits = 0;

  answer(path: string, status: number, cache: string | undefined, ms: number): void {
    this.latencies.push(ms);
    this.paths.add(path);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (cache === 'HIT') this.cacheHits += 1;
  }

  stats(label: string, seconds: number): ClassStats {
    const sorted = Float64Array.from(this.latencies).sort();
    const nonOk = [...this.statuses.entries()].filter(([status]) => status < 200 || status >= 300).sort((a, b) => a[0] - b[0]);
    return {
      label,
      count: sorted.length,
      requestsPerSecond: sorted.length / seconds,
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
      non2xx: nonOk.reduce((sum, [, count]) => sum + count, 0),
      statuses: nonOk.map(([status, count]) => `${status}×${count}`).join(', ') || undefined,
      errors: this.errors,
      cacheHits: this.cacheHits,
      distinctPaths: this.paths.size,
    };
  }

  static merge(recorders: Recorder[]): Recorder {
    const merged = new Recorder();
    for (const recorder of recorders) {
      for (const latency of recorder.latencies) merged.latencies.push(latency);
      for (const [status, count] of recorder.statuses) merged.statuses.set(status, (merged.statuses.get(status) ?? 0) + count);
      for (const path of recorder.paths) merged.paths.add(path);
      merged.errors += recorder.errors;
      merged.cacheHits += recorder.cacheHits;
    }
    return merged;
  }
}

/** The nearest-rank percentile of sorted values: the smallest value with at least `p` of them at or below it. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export class LoadGenerator {
  private readonly url: URL;
  /** One agent of one socket per loop: exactly `connections` connections, each reused while the server keeps it. */
  private readonly agents: Agent[];

  constructor(
    base: string,
    readonly connections: number,
  ) {
    this.url = new URL(base);
    this.agents = Array.from({ length: connections }, () => new Agent({ keepAlive: true, maxSockets: 1, maxFreeSockets: 1 }));
  }

  /** Runs the mix for `seconds`: each loop starts requests until then and waits for its last answer. */
  async run(seconds: number, next: () => PlannedRequest, labels: string[] = []): Promise<LoadResult> {
    const recorders = new Map<string, Recorder>(labels.map((label) => [label, new Recorder()]));
    const recorder = (label: string) => {
      let found = recorders.get(label);
      if (!found) recorders.set(label, (found = new Recorder()));
      return found;
    };
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      this.agents.map(async (agent) => {
        while (performance.now() < deadline) {
          const planned = next();
          const sent = performance.now();
          try {
            const { status, cache } = await this.send(agent, planned.path);
            recorder(planned.label).answer(planned.path, status, cache, performance.now() - sent);
          } catch {
            recorder(planned.label).errors += 1;
            // A refused or reset connection fails at once: do not spin on it.
            await sleep(10);
          }
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    return {
      connections: this.connections,
      seconds: elapsed,
      classes: [...recorders.entries()].map(([label, found]) => found.stats(label, elapsed)),
      all: Recorder.merge([...recorders.values()]).stats('all', elapsed),
      generatorCpuMs: (cpu.user + cpu.system) / 1000,
    };
  }

  close(): void {
    for (const agent of this.agents) agent.destroy();
  }

  private send(agent: Agent, path: string): Promise<{ status: number; cache: string | undefined }> {
    return new Promise((resolve, reject) => {
      const outgoing = request(
        { hostname: this.url.hostname, port: this.url.port, path, method: 'GET', agent, headers: { accept: 'application/json' } },
        (answer) => {
          answer.once('error', reject);
          answer.once('end', () => {
            const cache = answer.headers['x-cache'];
            resolve({ status: answer.statusCode ?? 0, cache: Array.isArray(cache) ? cache[0] : cache });
          });
          // Read the whole body (the latency includes it), keeping none of it.
          answer.resume();
        },
      );
      outgoing.setTimeout(REQUEST_TIMEOUT_MS, () => outgoing.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
      outgoing.once('error', reject);
      outgoing.end();
    });
  }
}
