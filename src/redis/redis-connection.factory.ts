import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { RedisConfig, RedisTopology } from '../config/redis.config';

export type RedisConnection = Redis | Cluster;

/** Reconnect forever, but back off to at most 2 s between tries so a restarted Redis is found again quickly. */
export const reconnectDelay = (attempt: number): number => Math.min(50 * 2 ** attempt, 2_000);

/**
 * The one way to open a Redis connection (cache, rate limits, jobs, health). Commands fail after
 * `commandTimeoutMs` and are retried at most once, so a dead Redis costs callers well under a second
 * instead of a hang. `overrides` lets a consumer with other needs (BullMQ workers) adjust options.
 */
export function createRedisConnection(config: RedisConfig, topology: RedisTopology, overrides: RedisOptions = {}): RedisConnection {
  const options: RedisOptions = {
    password: config.password,
    connectTimeout: config.connectTimeoutMs,
    commandTimeout: config.commandTimeoutMs,
    maxRetriesPerRequest: 1,
    retryStrategy: reconnectDelay,
    enableOfflineQueue: true,
    // A command whose caller already gave up (command timeout) must not run later on the next connection: a
    // resent idempotency claim or rate-limit hit would act for a request that was answered long ago.
    autoResendUnfulfilledCommands: false,
    lazyConnect: false,
    ...overrides,
  };
  switch (topology.mode) {
    case 'single':
      return new Redis(topology.url, options);
    case 'sentinel':
      return new Redis({ ...options, sentinels: topology.sentinels, name: topology.name, sentinelPassword: config.password });
    case 'cluster':
      return new Cluster(topology.nodes, { redisOptions: options, clusterRetryStrategy: reconnectDelay });
  }
}
