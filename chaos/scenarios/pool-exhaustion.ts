import { APPLICATION_NAME } from '../../src/database/data-source-options';
import type { ChaosCluster } from '../cluster';
import { now, sleep } from '../clock';
import type { Scenario } from './scenario';

const LOCKED_MS = 10_000;

/** Each instance's primary pool as its /metrics reports it: `app1 total 10 idle 0 waiting 23`. */
async function poolGauges(cluster: ChaosCluster): Promise<string> {
  const lines = await Promise.all(
    cluster.instances.map(async (instance) => {
      try {
        const answer = await fetch(`${instance.url}/metrics`, {
          headers: { authorization: `Bearer ${cluster.metricsToken}` },
          signal: AbortSignal.timeout(2_000),
        });
        const text = await answer.text();
        const gauge = (state: string) =>
          new RegExp(`^db_pool_connections\\{[^}]*pool="primary"[^}]*state="${state}"[^}]*\\} (\\S+)`, 'm').exec(text)?.[1] ?? '?';
        return `${instance.name} total ${gauge('total')} idle ${gauge('idle')} waiting ${gauge('waiting')}`;
      } catch (error) {
        return `${instance.name} /metrics unanswered (${(error as Error).message})`;
      }
    }),
  );
  return lines.join('; ');
}

/**
 * The primary pools filled with slow statements: a session of our own takes `LOCK TABLE products IN EXCLUSIVE MODE`
 * (reads go on, every write to products waits), so each write the service starts holds its pooled connection
 * until the lock goes 10 s later. Everything else that needs the primary (token checks of signed-in calls, audit
 * rows) then waits for a connection, up to DATABASE_ACQUIRE_TIMEOUT_MS.
 */
export const poolExhaustion: Scenario = {
  id: 'pool-exhaustion',
  label: 'pool',
  title: 'Primary pools exhausted by slow statements (writes blocked 10 s by a table lock)',
  recoveryFrom: 'the lock released',
  targets: ['writes', 'keys'],
  warmupMs: 5_000,
  observeMs: 12_000,
  timeboxMs: 40_000,
  async inject({ cluster, event }) {
    const notes: string[] = [];
    const locker = cluster.postgres.client();
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE products IN EXCLUSIVE MODE');
      const faultStart = now();
      event('products locked IN EXCLUSIVE MODE by a session of the suite');
      await sleep(LOCKED_MS / 2);
      const [{ waiting }] = (
        await locker.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
          [APPLICATION_NAME],
        )
      ).rows;
      const pools = await poolGauges(cluster);
      notes.push(`${LOCKED_MS / 2000} s into the lock: ${waiting} service sessions waiting on a lock; primary pools: ${pools}`);
      event(`${waiting} service sessions waiting on the lock; ${pools}`);
      await sleep(LOCKED_MS / 2);
      await locker.query('ROLLBACK');
      event('lock released');
      return { faultStart, faultEnd: now(), notes };
    } finally {
      await locker.end();
    }
  },
};
