import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { RedisConfig } from '../config/redis.config';
import { createRedisConnection, type RedisConnection } from './redis-connection.factory';
import { REDIS_CLIENT } from './redis.constants';

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [ConfigService],
      useFactory: (config: ConfigService): RedisConnection | null => {
        const redis = config.getOrThrow<RedisConfig>('redis');
        if (!redis.topology) return null;
        const connection = createRedisConnection(redis, redis.topology);
        const logger = new Logger('Redis');
        // Without a listener ioredis prints every failed reconnect; one warning per state change is enough.
        let healthy = true;
        connection.on('error', (error: Error) => {
          if (healthy) logger.warn(`Redis unavailable: ${error.message}`);
          healthy = false;
        });
        connection.on('ready', () => {
          if (!healthy) logger.log('Redis connection restored');
          healthy = true;
        });
        return connection;
      },
    },
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: RedisConnection | null) {}

  // After the HTTP server has drained (Nest runs shutdown hooks last), so in-flight requests keep Redis.
  async onApplicationShutdown(): Promise<void> {
    if (!this.redis) return;
    await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}
