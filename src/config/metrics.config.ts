import { registerAs } from '@nestjs/config';
import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { ConfigValidationError } from './config-validation.error';
import { readEnvironment, validateEnvironment, type Environment } from './environment';
import { ToInt } from './env-transforms';

class MetricsEnvironment {
  /** With it, /metrics answers only `Authorization: Bearer <token>`. */
  @IsOptional()
  @IsString()
  @MinLength(16)
  METRICS_TOKEN?: string;

  /** With it, /metrics is served only on this port (for a scrape network the public one never reaches). */
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(65_535)
  METRICS_PORT?: number;
}

export function metricsConfigFrom(env: Environment) {
  const parsed = validateEnvironment(MetricsEnvironment, env);
  if (env.NODE_ENV === 'production' && !parsed.METRICS_TOKEN && !parsed.METRICS_PORT) {
    throw new ConfigValidationError(['METRICS_TOKEN: required in production unless METRICS_PORT serves /metrics on a separate port']);
  }
  if (parsed.METRICS_PORT !== undefined && String(parsed.METRICS_PORT) === (env.PORT ?? '3000')) {
    throw new ConfigValidationError(['METRICS_PORT: must differ from PORT']);
  }
  return { token: parsed.METRICS_TOKEN, port: parsed.METRICS_PORT };
}

export const metricsConfig = registerAs('metrics', () => metricsConfigFrom(readEnvironment()));
export type MetricsConfig = ReturnType<typeof metricsConfigFrom>;
