import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CatalogModule } from './catalog/catalog.module';
import { CategoriesModule } from './categories/categories.module';
import { ChangesModule } from './changes/changes.module';
import { CommonModule } from './common/common.module';
import { RequestContextModule } from './common/context/request-context.module';
import { IdempotencyModule } from './common/idempotency/idempotency.module';
import { LoggingModule } from './common/logging/logging.module';
import { CONFIG_NAMESPACES } from './config/configuration';
import { DatabaseModule } from './database/database.module';
import { EdgeModule } from './edge/edge.module';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { MetricsModule } from './metrics/metrics.module';
import { ObservabilityModule } from './observability/observability.module';
import { ProductsModule } from './products/products.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RedisModule } from './redis/redis.module';
import { UsersModule } from './users/users.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({
  imports: [
    // Variables come from the environment (bootstrap loads a .env file first) and *_FILE secrets.
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, cache: true, load: CONFIG_NAMESPACES }),
    RequestContextModule,
    LoggingModule,
    LifecycleModule,
    DatabaseModule,
    RedisModule,
    CommonModule,
    EdgeModule,
    ObservabilityModule,
    AuditModule,
    AuthModule,
    ApiKeysModule,
    UsersModule,
    RateLimitModule,
    IdempotencyModule,
    CatalogModule,
    ChangesModule,
    ProductsModule,
    CategoriesModule,
    HealthModule,
    MetricsModule,
    JobsModule,
    WebhooksModule,
  ],
})
export class AppModule {}
