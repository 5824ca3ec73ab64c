import { now } from '../clock';
import type { Scenario } from './scenario';

/**
 * A switchover to the replica: the primary stops (`-m fast`), the replica replays up to its shutdown checkpoint
 * and is promoted, and haproxy's database frontend, which the service's DATABASE_URL names, is moved to it (as a
 * DNS record or a virtual IP would be). The old primary stays down. The service is not told anything.
 */
export const promotion: Scenario = {
  id: 'promotion',
  label: 'promote',
  title: 'Replica promoted, the database address moved to it',
  recoveryFrom: 'the database address moved to the promoted server',
  targets: ['writes', 'keys', 'only-503', 'recover-10s'],
  warmupMs: 5_000,
  observeMs: 15_000,
  timeboxMs: 60_000,
  async inject({ cluster, event }) {
    const { postgres, haproxy } = cluster;
    const faultStart = now();
    event('primary: pg_ctl stop -m fast');
    const checkpoint = await postgres.stopPrimaryForSwitchover();
    event(`primary stopped; shutdown checkpoint at ${checkpoint}`);
    await postgres.untilReplicaReplayed(checkpoint);
    event('replica has replayed it');
    await postgres.promoteReplica();
    event('replica promoted (pg_ctl promote)');
    await haproxy.pointDatabaseAt(postgres.primaryPort);
    event(`haproxy pg/db moved to 127.0.0.1:${postgres.primaryPort}`);
    return { faultStart, faultEnd: now(), notes: [`old primary's shutdown checkpoint ${checkpoint} replayed by the replica before its promotion`] };
  },
};
