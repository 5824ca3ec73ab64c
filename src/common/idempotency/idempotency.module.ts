import { Global, Logger, Module } from '@nestjs/common';
import { redisConfig, type RedisConfig } from '../../config/redis.config';
import type { RedisConnection } from '../../redis/redis-connection.factory';
import { REDIS_CLIENT } from '../../redis/redis.constants';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyStore, MemoryIdempotencyStore } from './idempotency.store';
import { RedisIdempotencyStore } from './redis-idempotency.store';

/**
 * `@Idempotent()` routes: the interceptor the decorator applies and its store, the shared Redis client
 * when there is one (keys under REDIS_KEY_PREFIX), else this process (single-instance development).
 */
@Global()
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
    IdempotencyInterceptor,
  ],
  exports: [IdempotencyStore, IdempotencyInterceptor],
})
export class IdempotencyModule {}
