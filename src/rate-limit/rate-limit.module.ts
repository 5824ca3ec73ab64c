import { Logger, Module } from '@nestjs/common';
import { rateLimitConfig, type RateLimitConfig } from '../config/rate-limit.config';
import { redisConfig, type RedisConfig } from '../config/redis.config';
import type { RedisConnection } from '../redis/redis-connection.factory';
import { REDIS_CLIENT } from '../redis/redis.constants';
import { ClientRateLimit } from './client-rate-limit';
import { FallbackStorage } from './fallback-storage';
import { RateLimitCounter } from './rate-limit-counter';
import { MemoryRateLimitStore } from './rate-limit-store';
import { EXACT_POLICIES } from './rate-limit.constants';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimiter } from './rate-limiter';
import { RedisRateLimitStore } from './redis-rate-limit-store';

/**
 * Rate limits: {@link ClientRateLimit} per client address at the edge, {@link RateLimitGuard} per user and on
 * credential routes after authentication (request-pipeline.ts installs both, in that order). Both count through
 * {@link RateLimiter} on {@link RateLimitCounter}. With Redis the counters live there, shared by every instance
 * (the shared client, keys under REDIS_KEY_PREFIX), and each instance keeps local tallies so that requests far
 * from their limit do not wait for Redis; while Redis is unreachable each instance counts in its process, at its
 * share of each limit ({@link FallbackStorage}, RATE_LIMIT_OUTAGE_INSTANCES); without Redis (single-instance
 * development) they live in this process.
 */
@Module({
  providers: [
    {
      provide: RateLimitCounter,
      inject: [rateLimitConfig.KEY, redisConfig.KEY, REDIS_CLIENT],
      useFactory: (limits: RateLimitConfig, redis: RedisConfig, client: RedisConnection | null): RateLimitCounter => {
        new Logger('RateLimit').log(client ? 'Rate limits are shared through Redis' : 'Rate limits are counted in this process (single instance)');
        const storage = new FallbackStorage({
          shared: client ? new RedisRateLimitStore(client) : undefined,
          local: new MemoryRateLimitStore(),
          // ioredis already fails a command after its timeout; this bounds anything else that could stall.
          timeoutMs: redis.commandTimeoutMs + 100,
          outageInstances: limits.outage.instances,
          keyPrefix: redis.keyPrefix,
        });
        // In-process counters cost no round trip: count every hit at once.
        return new RateLimitCounter(storage, { ...limits.local, fraction: client ? limits.local.fraction : 0, exactPolicies: EXACT_POLICIES });
      },
    },
    RateLimiter,
    ClientRateLimit,
    RateLimitGuard,
  ],
  exports: [ClientRateLimit, RateLimitGuard],
})
export class RateLimitModule {}
