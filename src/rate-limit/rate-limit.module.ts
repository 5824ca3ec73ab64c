import { Logger, Module } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { Cluster } from 'ioredis';
import { rateLimitConfig, type RateLimitConfig } from '../config/rate-limit.config';
import { redisConfig, type RedisConfig } from '../config/redis.config';
import type { RedisConnection } from '../redis/redis-connection.factory';
import { REDIS_CLIENT } from '../redis/redis.constants';
import { RateLimitGuard } from './rate-limit.guard';
import { buildThrottlers, keyGenerator } from './rate-limit.throttlers';

/**
 * Rate limits on every route. With Redis the counters live there, shared by every instance (the shared client,
 * keys under REDIS_KEY_PREFIX); without it (single-instance development) they live in this process.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [rateLimitConfig.KEY, redisConfig.KEY, REDIS_CLIENT, Reflector],
      useFactory: (limits: RateLimitConfig, redis: RedisConfig, client: RedisConnection | null, reflector: Reflector): ThrottlerModuleOptions => {
        new Logger('RateLimit').log(client ? 'Rate limits are shared through Redis' : 'Rate limits are counted in this process (single instance)');
        return {
          throttlers: buildThrottlers(limits, reflector),
          generateKey: keyGenerator(redis.keyPrefix),
          // Absent: throttler's in-memory storage. The Redis storage uses (and never closes) the shared client.
          storage: client ? redisStorage(client) : undefined,
        };
      },
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}

// The constructor is overloaded for a single client and for a cluster, not for their union.
function redisStorage(client: RedisConnection): ThrottlerStorageRedisService {
  return client instanceof Cluster ? new ThrottlerStorageRedisService(client) : new ThrottlerStorageRedisService(client);
}
