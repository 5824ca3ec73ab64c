import { appConfig, appConfigFrom } from './app.config';
import { authConfig, authConfigFrom } from './auth.config';
import { catalogConfig, catalogConfigFrom } from './catalog.config';
import { changeFeedConfig, changeFeedConfigFrom } from './change-feed.config';
import { ConfigValidationError } from './config-validation.error';
import { databaseConfig, databaseConfigFrom } from './database.config';
import { collectProblems, readEnvironment } from './environment';
import { httpConfig, httpConfigFrom } from './http.config';
import { metricsConfig, metricsConfigFrom } from './metrics.config';
import { idempotencyConfig, idempotencyConfigFrom } from './idempotency.config';
import { jobsConfig, jobsConfigFrom } from './jobs.config';
import { observabilityConfig, observabilityConfigFrom } from './observability.config';
import { rateLimitConfig, rateLimitConfigFrom } from './rate-limit.config';
import { redisConfig, redisConfigFrom } from './redis.config';
import { webhooksConfig, webhooksConfigFrom } from './webhooks.config';

/** Every namespace registered with `ConfigModule`, read with `ConfigService.getOrThrow('<namespace>')`. */
export const CONFIG_NAMESPACES = [
  appConfig,
  httpConfig,
  databaseConfig,
  redisConfig,
  authConfig,
  rateLimitConfig,
  catalogConfig,
  idempotencyConfig,
  metricsConfig,
  observabilityConfig,
  jobsConfig,
  changeFeedConfig,
  webhooksConfig,
];

/**
 * Validates the whole environment at once, before anything boots, so a bad deployment reports every
 * problem in one go. Throws {@link ConfigValidationError}.
 */
export function assertValidConfiguration(source: NodeJS.ProcessEnv = process.env): void {
  const env = readEnvironment(source);
  const problems = collectProblems(
    [
      appConfigFrom,
      httpConfigFrom,
      databaseConfigFrom,
      redisConfigFrom,
      authConfigFrom,
      rateLimitConfigFrom,
      catalogConfigFrom,
      idempotencyConfigFrom,
      metricsConfigFrom,
      observabilityConfigFrom,
      jobsConfigFrom,
      changeFeedConfigFrom,
      webhooksConfigFrom,
    ].map((from) => () => from(env)),
  );
  if (!problems.length && appConfigFrom(env).migrationsRun && databaseConfigFrom(env).poolSize < 2) {
    problems.push('DATABASE_POOL_SIZE: must be at least 2 while MIGRATIONS_RUN is on (migrating holds a lock on one connection and works on another)');
  }
  if (problems.length) throw new ConfigValidationError(problems);
}
