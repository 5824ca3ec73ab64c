import { Redis } from 'ioredis';
import { now, sleep } from '../clock';
import type { Scenario } from './scenario';

const FROZEN_MS = 5_000;
const DEAD_MS = 2_000;
const AFTER_RESTART_MS = 2_000;

/**
 * The Idempotency-Key records in Redis that say "in flight", with their remaining lifetimes. Read from a Redis that
 * restarted empty seconds ago, under a load that keeps a request or two running, any more than that were written
 * by something other than the requests now running.
 */
async function inFlightKeys(url: string): Promise<{ count: number; ttls: string }> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const keys: string[] = [];
    for await (const batch of client.scanStream({ match: '*idem:*', count: 500 })) keys.push(...(batch as string[]));
    const held: number[] = [];
    for (const key of keys) {
      const value = await client.get(key);
      if (value?.includes('"in-flight"')) held.push(await client.pttl(key));
    }
    return { count: held.length, ttls: held.length ? `${Math.min(...held)}..${Math.max(...held)} ms` : '-' };
  } finally {
    client.disconnect();
  }
}

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
    const faultEnd = now();
    await sleep(AFTER_RESTART_MS);
    const held = await inFlightKeys(cluster.redis.url);
    const note = `${AFTER_RESTART_MS / 1000} s after the empty restart, ${held.count} Idempotency-Key records in Redis say "in flight" (remaining lifetimes ${held.ttls})`;
    event(note);
    return { faultStart, faultEnd, notes: [note] };
  },
};
