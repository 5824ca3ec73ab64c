import { now, sleep } from '../clock';
import type { Scenario } from './scenario';

const STOPPED_MS = 10_000;
const PAUSED_MS = 10_000;

/** The replica stopped for 10 s and started again; then its replay paused for 10 s while writes go on. */
export const replicaOutage: Scenario = {
  id: 'replica-outage',
  label: 'replica',
  title: 'Replica stopped 10 s, then its replay paused 10 s',
  recoveryFrom: 'replay resumed',
  targets: ['writes', 'keys'],
  warmupMs: 5_000,
  observeMs: 10_000,
  timeboxMs: 90_000,
  async inject({ cluster, event }) {
    const { postgres } = cluster;
    const notes: string[] = [];
    const faultStart = now();
    await postgres.stopReplica();
    event('replica stopped (pg_ctl stop -m fast)');
    await sleep(STOPPED_MS);
    await postgres.startReplica();
    event('replica started');
    await postgres.untilReplicaStreams();
    event('replica streaming again');
    await postgres.pauseReplay();
    event('replica replay paused (pg_wal_replay_pause)');
    await sleep(PAUSED_MS);
    const lag = await postgres.replayLagBytes();
    notes.push(`replay lag when resumed: ${lag} bytes of WAL`);
    await postgres.resumeReplay();
    event(`replica replay resumed (pg_wal_replay_resume), ${lag} bytes behind`);
    return { faultStart, faultEnd: now(), notes };
  },
};
