import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { RequestContextModule } from './common/context/request-context.module';
import { LoggingModule } from './common/logging/logging.module';
import { CONFIG_NAMESPACES } from './config/configuration';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { MetricsModule } from './metrics/metrics.module';
import { RedisModule } from './redis/redis.module';

@Module({
  imports: [
    // Variables come from the environment only (and *_FILE secrets); a .env file is the shell's business.
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, cache: true, load: CONFIG_NAMESPACES }),
    RequestContextModule,
    LoggingModule,
    LifecycleModule,
    DatabaseModule,
    RedisModule,
    HealthModule,
    MetricsModule,
  ],
})
export class AppModule {}
