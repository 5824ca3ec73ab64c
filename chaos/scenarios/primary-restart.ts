import { now } from '../clock';
import type { Scenario } from './scenario';

/** `pg_ctl restart -m fast` on the primary: every session is cut, and it refuses connections until it is back. */
export const primaryRestart: Scenario = {
  id: 'primary-restart',
  label: 'restart',
  title: 'Primary restart (pg_ctl restart -m fast)',
  recoveryFrom: 'the primary accepting connections again',
  targets: ['writes', 'keys', 'only-503', 'recover-10s'],
  warmupMs: 5_000,
  observeMs: 15_000,
  timeboxMs: 60_000,
  async inject({ cluster, event }) {
    const faultStart = now();
    event('pg_ctl restart -m fast on the primary');
    await cluster.postgres.restartPrimary();
    event('primary accepts connections again');
    return { faultStart, faultEnd: now() };
  },
};
