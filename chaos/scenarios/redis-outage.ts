import { now, sleep } from '../clock';
import type { Scenario } from './scenario';

const FROZEN_MS = 5_000;
const DEAD_MS = 2_000;

/** Redis frozen (SIGSTOP: connections stay open, nothing answers) for 5 s, then killed, then started empty. */
export const redisOutage: Scenario = {
  id: 'redis-outage',
  label: 'redis',
  title: 'Redis SIGSTOP 5 s, SIGKILL, restart with no data',
  recoveryFrom: 'redis-server answering again (empty)',
  targets: ['writes', 'keys', 'no-errors'],
  warmupMs: 5_000,
  observeMs: 15_000,
  timeboxMs: 40_000,
  async inject({ cluster, event }) {
    const pid = cluster.redis.pid;
    if (pid === undefined) throw new Error('redis-server is not running');
    const faultStart = now();
    process.kill(pid, 'SIGSTOP');
    event(`SIGSTOP redis-server (pid ${pid})`);
    await sleep(FROZEN_MS);
    await cluster.redis.stop();
    event('SIGKILL redis-server');
    await sleep(DEAD_MS);
    await cluster.redis.startProcess();
    event('redis-server restarted on the same port, with no data');
    return { faultStart, faultEnd: now() };
  },
};
