import { registerAs } from '@nestjs/config';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { ConfigValidationError } from './config-validation.error';
import { readEnvironment, validateEnvironment, type Environment } from './environment';
import { ToBoolean, ToInt } from './env-transforms';

class WebhooksEnvironment {
  /** Deliver to loopback, private and link-local addresses and over plain HTTP: development and tests only. */
  @ToBoolean()
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_TARGETS = false;

  /** One attempt, from name resolution to the response status. */
  @ToInt()
  @IsInt()
  @Min(100)
  @Max(30_000)
  WEBHOOK_TIMEOUT_MS = 5_000;

  /** How much of a receiver's answer is read and kept for the delivery log. */
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(65_536)
  WEBHOOK_MAX_RESPONSE_BYTES = 4_096;

  /** The first retry's step; each further step doubles, up to 6 hours. */
  @ToInt()
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  WEBHOOK_RETRY_BASE_MS = 30_000;

  /** Attempts per delivery, the first included. */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(30)
  WEBHOOK_MAX_ATTEMPTS = 14;

  /** A subscription is disabled once this many deliveries in a row have failed for good. */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(10_000)
  WEBHOOK_DISABLE_AFTER_FAILURES = 5;
}

export function webhooksConfigFrom(env: Environment) {
  const parsed = validateEnvironment(WebhooksEnvironment, env);
  // Refused rather than warned about: in production it would let any admin reach the cloud metadata endpoint.
  if (env.NODE_ENV === 'production' && parsed.WEBHOOK_ALLOW_PRIVATE_TARGETS) {
    throw new ConfigValidationError(['WEBHOOK_ALLOW_PRIVATE_TARGETS: must be false in production (development and tests only)']);
  }
  return {
    allowPrivateTargets: parsed.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    timeoutMs: parsed.WEBHOOK_TIMEOUT_MS,
    maxResponseBytes: parsed.WEBHOOK_MAX_RESPONSE_BYTES,
    retryBaseMs: parsed.WEBHOOK_RETRY_BASE_MS,
    maxAttempts: parsed.WEBHOOK_MAX_ATTEMPTS,
    disableAfterFailures: parsed.WEBHOOK_DISABLE_AFTER_FAILURES,
  };
}

export const webhooksConfig = registerAs('webhooks', () => webhooksConfigFrom(readEnvironment()));
export type WebhooksConfig = ReturnType<typeof webhooksConfigFrom>;
