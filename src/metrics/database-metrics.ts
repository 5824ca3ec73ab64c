import { histogram, gauge } from './metric-registry';

export type PoolRole = 'primary' | 'replica';
type Outcome = 'ok' | 'error';
type Observe = (seconds: number) => void;
type QueryFunction = (...args: unknown[]) => unknown;

/** Pool sizes at one moment: what `db_pool_connections` reports. */
export interface PoolSample {
  pool: PoolRole;
  total: number;
  idle: number;
  waiting: number;
}

/** Upper bounds in seconds, up to the default statement timeout (15 s) and past it. */
export const DB_QUERY_DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20];

const queryDuration = histogram<'pool' | 'outcome'>({
  name: 'db_query_duration_seconds',
  help: 'Time from sending a query on a pooled connection to its result or error, by pool (primary, replica) and outcome',
  labelNames: ['pool', 'outcome'],
  buckets: DB_QUERY_DURATION_BUCKETS,
});

const sources = new Set<() => PoolSample[]>();

gauge<'pool' | 'state'>({
  name: 'db_pool_connections',
  help: 'Connections of the database pools at scrape time, by pool (primary, replicas summed) and state (total, idle, waiting: callers queued for one)',
  labelNames: ['pool', 'state'],
  collect() {
    this.reset();
    for (const source of sources) {
      for (const { pool, total, idle, waiting } of source()) {
        this.inc({ pool, state: 'total' }, total);
        this.inc({ pool, state: 'idle' }, idle);
        this.inc({ pool, state: 'waiting' }, waiting);
      }
    }
  },
});

/**
 * Reports the pools `source` returns in `db_pool_connections` at each scrape, until the returned function is
 * called. Several sources (several apps in one process) add up.
 */
export function trackPools(source: () => PoolSample[]): () => void {
  sources.add(source);
  return () => sources.delete(source);
}

/**
 * Times every query `client` runs into `db_query_duration_seconds`, whichever way it is called: with a callback
 * (pg-pool's `pool.query`), or for a promise (TypeORM). Submittables (cursors, streams) report their own
 * completion and are left untimed. The time is the query's on its connection: waiting for a free connection is
 * not in it (see `db_pool_connections{state="waiting"}`).
 */
export function timeQueries(client: { query: unknown }, pool: PoolRole): void {
  const query = (client.query as QueryFunction).bind(client);
  const observers: Record<Outcome, Observe> = {
    ok: queryDuration.labels({ pool, outcome: 'ok' }).observe,
    error: queryDuration.labels({ pool, outcome: 'error' }).observe,
  };
  (client as { query: QueryFunction }).query = (...args) => {
    if (typeof (args[0] as { submit?: unknown } | null | undefined)?.submit === 'function') return query(...args);
    const started = performance.now();
    const record = (failed: boolean) => observers[failed ? 'error' : 'ok']((performance.now() - started) / 1_000);
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (error: unknown, result: unknown) => {
        record(Boolean(error));
        callback(error, result);
      };
      return query(...args);
    }
    const result = query(...args);
    if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
      (result as PromiseLike<unknown>).then(
        () => record(false),
        () => record(true),
      );
    }
    return result;
  };
}
