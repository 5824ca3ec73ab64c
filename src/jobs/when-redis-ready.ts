import { once } from 'node:events';
import type { RedisConnection } from '../redis/redis-connection.factory';

/** Resolves true once `connection` is ready (at once if it is), false if `signal` aborts first. */
export async function whenRedisReady(connection: RedisConnection, signal: AbortSignal): Promise<boolean> {
  while (connection.status !== 'ready') {
    if (signal.aborted) return false;
    // `once` also settles on an 'error' event (a failed reconnect): then wait for the next attempt.
    await once(connection, 'ready', { signal }).catch(() => undefined);
  }
  return !signal.aborted;
}
