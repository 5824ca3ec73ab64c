import { Logger, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { redisConfig, type RedisConfig } from '../../config/redis.config';
import type { RedisConnection } from '../../redis/redis-connection.factory';
import { REDIS_CLIENT } from '../../redis/redis.constants';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyStore, MemoryIdempotencyStore } from './idempotency.store';
import { RedisIdempotencyStore } from './redis-idempotency.store';

/**
 * `@Idempotent()` routes: a global interceptor (inert on other routes) and its store, the shared Redis client
 * when there is one (keys under REDIS_KEY_PREFIX), else this process (single-instance development).
 */
@Module({
  providers: [
    {
      provide: IdempotencyStore,
      inject: [REDIS_CLIENT, redisConfig.KEY],
      useFactory: (client: RedisConnection | null, redis: RedisConfig): IdempotencyStore => {
        // ioredis already fails a command after its timeout; the margin bounds anything else that could stall.
        const store = client ? new RedisIdempotencyStore(client, redis.commandTimeoutMs + 100) : new MemoryIdempotencyStore();
        new Logger('Idempotency').log(`Idempotency keys are kept in ${store.kind}`);
        return store;
      },
    },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
})
export class IdempotencyModule {}
