import { registerAs } from '@nestjs/config';
import { IsInt, Max, Min } from 'class-validator';
import { ConfigValidationError } from './config-validation.error';
import { readEnvironment, validateEnvironment, type Environment } from './environment';
import { ToInt } from './env-transforms';

class IdempotencyEnvironment {
  /** How long a completed request's response is kept for replay (draft-ietf-httpapi-idempotency-key-header §2.3). */
  @ToInt()
  @IsInt()
  @Min(60)
  @Max(30 * 24 * 3_600)
  IDEMPOTENCY_TTL_SECONDS = 24 * 3_600;

  /** How long a request in progress holds its key; longer than any handler runs, so a crashed instance frees it. */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(3_600)
  IDEMPOTENCY_LOCK_SECONDS = 60;
}

export function idempotencyConfigFrom(env: Environment) {
  const parsed = validateEnvironment(IdempotencyEnvironment, env);
  if (parsed.IDEMPOTENCY_LOCK_SECONDS > parsed.IDEMPOTENCY_TTL_SECONDS) {
    throw new ConfigValidationError(['IDEMPOTENCY_LOCK_SECONDS: must not exceed IDEMPOTENCY_TTL_SECONDS']);
  }
  return {
    ttlSeconds: parsed.IDEMPOTENCY_TTL_SECONDS,
    lockSeconds: parsed.IDEMPOTENCY_LOCK_SECONDS,
  };
}

export const idempotencyConfig = registerAs('idempotency', () => idempotencyConfigFrom(readEnvironment()));
export type IdempotencyConfig = ReturnType<typeof idempotencyConfigFrom>;
