import { registerAs } from '@nestjs/config';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { readEnvironment, validateEnvironment, type Environment } from './environment';
import { ToBoolean, ToInt } from './env-transforms';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

class AppEnvironment {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @ToInt()
  @IsInt()
  @Min(0)
  @Max(600_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  @ToInt()
  @IsInt()
  @Min(0)
  @Max(120_000)
  SHUTDOWN_DRAIN_DELAY_MS = 0;

  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  MIGRATIONS_RUN?: boolean;

  @ToBoolean()
  @IsBoolean()
  SWAGGER_ENABLED = true;

  @ToInt()
  @IsInt()
  @Min(50)
  @Max(30_000)
  HEALTH_CHECK_TIMEOUT_MS = 1_000;
}

export function appConfigFrom(env: Environment) {
  const parsed = validateEnvironment(AppEnvironment, env);
  const isProduction = parsed.NODE_ENV === 'production';
  return {
    nodeEnv: parsed.NODE_ENV,
    isProduction,
    logLevel: parsed.LOG_LEVEL,
    shutdownTimeoutMs: parsed.SHUTDOWN_TIMEOUT_MS,
    shutdownDrainDelayMs: parsed.SHUTDOWN_DRAIN_DELAY_MS,
    // Outside production the service migrates itself; in production a separate job (Helm hook) does it.
    migrationsRun: parsed.MIGRATIONS_RUN ?? !isProduction,
    swaggerEnabled: parsed.SWAGGER_ENABLED,
    healthCheckTimeoutMs: parsed.HEALTH_CHECK_TIMEOUT_MS,
  };
}

export const appConfig = registerAs('app', () => appConfigFrom(readEnvironment()));
export type AppConfig = ReturnType<typeof appConfigFrom>;
