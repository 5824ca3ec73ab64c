import { type Histogram, register } from 'prom-client';
import { timeQueries, trackPools, type PoolSample } from './database-metrics';

type Callback = (error: Error | null, result?: unknown) => void;

const queryDurations = async () => (await (register.getSingleMetric('db_query_duration_seconds') as Histogram).get()).values;
const countOf = async (pool: string, outcome: string) => {
  const values = await queryDurations();
  return (
    values.find((value) => value.metricName === 'db_query_duration_seconds_count' && value.labels.pool === pool && value.labels.outcome === outcome)?.value ?? 0
  );
};

/** A stand-in for pg's Client.query: answers like pg, with a callback or a promise, after `ms`. */
function fakeClient(fail = false, ms = 5) {
  const calls: unknown[][] = [];
  const client = {
    query(...args: unknown[]): unknown {
      calls.push(args);
      const error = fail ? new Error('division by zero') : null;
      const callback = args.find((arg): arg is Callback => typeof arg === 'function');
      if (typeof (args[0] as { submit?: unknown }).submit === 'function') return args[0];
      if (callback) {
        setTimeout(() => callback(error, error ? undefined : { rows: [] }), ms);
        return undefined;
      }
      return new Promise((resolve, reject) => setTimeout(() => (error ? reject(error) : resolve({ rows: [] })), ms));
    },
  };
  return { client, calls };
}

describe(timeQueries.name, () => {
  it('times a query that answers a promise, and hands the caller the same result', async () => {
    const { client } = fakeClient();
    timeQueries(client, 'primary');
    await expect(client.query('SELECT 1', [])).resolves.toEqual({ rows: [] });
    expect(await countOf('primary', 'ok')).toBe(1);
    const values = await queryDurations();
    const sum = values.find((value) => value.metricName === 'db_query_duration_seconds_sum' && value.labels.pool === 'primary')!.value;
    expect(sum).toBeGreaterThanOrEqual(0.004);
    expect(sum).toBeLessThan(1);
  });

  it('counts a rejected query as an error and still rejects to the caller', async () => {
    const { client } = fakeClient(true);
    timeQueries(client, 'replica');
    await expect(client.query('SELECT 1/0')).rejects.toThrow('division by zero');
    expect(await countOf('replica', 'error')).toBe(1);
  });

  it('times a query given a callback, as pg-pool calls it, and calls that callback with the outcome', async () => {
    const { client, calls } = fakeClient(true);
    timeQueries(client, 'replica');
    const before = await countOf('replica', 'error');
    const outcome = await new Promise<Error | null>((resolve) => client.query('SELECT 1/0', [1], (error: Error | null) => resolve(error)));
    expect(outcome?.message).toBe('division by zero');
    expect(calls[0].slice(0, 2)).toEqual(['SELECT 1/0', [1]]);
    expect(await countOf('replica', 'error')).toBe(before + 1);

    const { client: working } = fakeClient();
    timeQueries(working, 'replica');
    await new Promise((resolve) => working.query('SELECT 1', resolve));
    expect(await countOf('replica', 'ok')).toBe(1);
  });

  it('passes cursors and streams through untimed', async () => {
    const { client } = fakeClient();
    timeQueries(client, 'primary');
    const before = await countOf('primary', 'ok');
    const cursor = { submit: () => undefined };
    expect(client.query(cursor)).toBe(cursor);
    expect(await countOf('primary', 'ok')).toBe(before);
  });
});

describe(trackPools.name, () => {
  const connections = async (pool: string, state: string) => {
    const { values } = await register.getSingleMetric('db_pool_connections')!.get();
    return values.find((value) => value.labels.pool === pool && value.labels.state === state)?.value;
  };

  it('reports the pools at scrape time, replicas and several sources added up, until untracked', async () => {
    const primary: PoolSample = { pool: 'primary', total: 3, idle: 1, waiting: 0 };
    const untrackFirst = trackPools(() => [primary, { pool: 'replica', total: 2, idle: 2, waiting: 0 }, { pool: 'replica', total: 1, idle: 0, waiting: 4 }]);
    const untrackSecond = trackPools(() => [{ pool: 'primary', total: 5, idle: 5, waiting: 0 }]);

    expect([await connections('primary', 'total'), await connections('primary', 'idle'), await connections('primary', 'waiting')]).toEqual([8, 6, 0]);
    expect([await connections('replica', 'total'), await connections('replica', 'idle'), await connections('replica', 'waiting')]).toEqual([3, 2, 4]);

    primary.waiting = 7;
    expect(await connections('primary', 'waiting')).toBe(7);

    untrackSecond();
    expect(await connections('primary', 'total')).toBe(3);
    untrackFirst();
    expect(await connections('primary', 'total')).toBeUndefined();
  });
});
