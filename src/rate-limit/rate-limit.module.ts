import { Logger, Module } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { getOptionsToken, getStorageToken, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { rateLimitConfig, type RateLimitConfig } from '../config/rate-limit.config';
import { redisConfig, type RedisConfig } from '../config/redis.config';
import type { RedisConnection } from '../redis/redis-connection.factory';
import { REDIS_CLIENT } from '../redis/redis.constants';
import { FailOpenStorage } from './fail-open-storage';
import { RateLimitCounter, throttlerStorageOf } from './rate-limit-counter';
import { MemoryRateLimitStore } from './rate-limit-store';
import { EXACT_POLICIES } from './rate-limit.constants';
import { RateLimitGuard } from './rate-limit.guard';
import { buildThrottlers, keyGenerator } from './rate-limit.throttlers';
import { RateLimiter } from './rate-limiter';
import { RedisRateLimitStore } from './redis-rate-limit-store';

/**
 * Rate limits on every route, and {@link RateLimitCounter} for code that counts requests before Fastify (the
 * catalog fast path), on the same counters. With
 * Redis the counters live there, shared by every instance (the shared client, keys under REDIS_KEY_PREFIX), and
 * each instance keeps local tallies so that requests far from their limit do not wait for Redis (see
 * {@link RateLimitCounter}); without it (single-instance development) they live in this process.
 *
 * It provides `@nestjs/throttler`'s options and storage itself rather than importing `ThrottlerModule`, so the
 * storage the guard's base class sees counts through the same tallies.
 */
@Module({
  providers: [
    {
      provide: RateLimitCounter,
      inject: [rateLimitConfig.KEY, redisConfig.KEY, REDIS_CLIENT],
      useFactory: (limits: RateLimitConfig, redis: RedisConfig, client: RedisConnection | null): RateLimitCounter => {
        new Logger('RateLimit').log(client ? 'Rate limits are shared through Redis' : 'Rate limits are counted in this process (single instance)');
        const store = client ? new RedisRateLimitStore(client) : new MemoryRateLimitStore();
        // ioredis already fails a command after its timeout; this bounds anything else that could stall.
        const failOpen = new FailOpenStorage(store, redis.commandTimeoutMs + 100);
        // In-process counters cost no round trip: count every hit at once.
        return new RateLimitCounter(failOpen, { ...limits.local, fraction: client ? limits.local.fraction : 0, exactPolicies: EXACT_POLICIES });
      },
    },
    {
      provide: getOptionsToken(),
      inject: [rateLimitConfig.KEY, redisConfig.KEY, Reflector],
      useFactory: (limits: RateLimitConfig, redis: RedisConfig, reflector: Reflector): ThrottlerModuleOptions => ({
        throttlers: buildThrottlers(limits, reflector),
        generateKey: keyGenerator(redis.keyPrefix),
      }),
    },
    { provide: getStorageToken(), inject: [RateLimitCounter], useFactory: throttlerStorageOf },
    RateLimiter,
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  exports: [RateLimitCounter],
})
export class RateLimitModule {}
