import { registerAs } from '@nestjs/config';
import { IsNumber, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { readEnvironment, validateEnvironment, type Environment } from './environment';
import { ToFloat } from './env-transforms';

class ObservabilityEnvironment {
  /** Error monitoring is on only with a DSN; without one nothing is initialised or sent. */
  @IsOptional()
  @IsString()
  SENTRY_DSN?: string;

  @IsOptional()
  @IsString()
  SENTRY_ENVIRONMENT?: string;

  /** Share of 5xx events sent (0..1). */
  @ToFloat()
  @IsNumber()
  @Min(0)
  @Max(1)
  SENTRY_SAMPLE_RATE = 1;

  /** Share of requests traced to Sentry (0..1); 0 keeps Sentry to errors only. */
  @ToFloat()
  @IsNumber()
  @Min(0)
  @Max(1)
  SENTRY_TRACES_SAMPLE_RATE = 0;

  /** Tracing is on only with an OTLP endpoint (e.g. http://otel-collector:4318). */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  @IsString()
  OTEL_SERVICE_NAME = 'catalog-api';
}

export function observabilityConfigFrom(env: Environment) {
  const parsed = validateEnvironment(ObservabilityEnvironment, env);
  return {
    sentry: {
      dsn: parsed.SENTRY_DSN,
      environment: parsed.SENTRY_ENVIRONMENT ?? env.NODE_ENV ?? 'development',
      sampleRate: parsed.SENTRY_SAMPLE_RATE,
      tracesSampleRate: parsed.SENTRY_TRACES_SAMPLE_RATE,
    },
    otel: { endpoint: parsed.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: parsed.OTEL_SERVICE_NAME },
  };
}

export const observabilityConfig = registerAs('observability', () => observabilityConfigFrom(readEnvironment()));
export type ObservabilityConfig = ReturnType<typeof observabilityConfigFrom>;
