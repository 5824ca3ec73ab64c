import { registerAs } from '@nestjs/config';
import { IsInt, Max, Min } from 'class-validator';
import { readEnvironment, validateEnvironment, type Environment } from './environment';
import { ToInt } from './env-transforms';

const MAX_WINDOW_SECONDS = 24 * 3_600;
const MAX_LIMIT = 1_000_000;

class RateLimitEnvironment {
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  RATE_LIMIT_GLOBAL_LIMIT = 300;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(MAX_WINDOW_SECONDS)
  RATE_LIMIT_GLOBAL_WINDOW_SECONDS = 60;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  RATE_LIMIT_USER_LIMIT = 600;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(MAX_WINDOW_SECONDS)
  RATE_LIMIT_USER_WINDOW_SECONDS = 60;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  RATE_LIMIT_CREDENTIALS_IP_LIMIT = 10;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  RATE_LIMIT_CREDENTIALS_EMAIL_LIMIT = 5;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(MAX_WINDOW_SECONDS)
  RATE_LIMIT_CREDENTIALS_WINDOW_SECONDS = 15 * 60;
}

export function rateLimitConfigFrom(env: Environment) {
  const parsed = validateEnvironment(RateLimitEnvironment, env);
  return {
    /** Every route, per client IP. */
    global: { limit: parsed.RATE_LIMIT_GLOBAL_LIMIT, windowSeconds: parsed.RATE_LIMIT_GLOBAL_WINDOW_SECONDS },
    /** Every route with an authenticated caller, per user id. */
    user: { limit: parsed.RATE_LIMIT_USER_LIMIT, windowSeconds: parsed.RATE_LIMIT_USER_WINDOW_SECONDS },
    /** Credential routes (login, register, refresh), per client IP, shared by all of them. */
    credentialsPerIp: { limit: parsed.RATE_LIMIT_CREDENTIALS_IP_LIMIT, windowSeconds: parsed.RATE_LIMIT_CREDENTIALS_WINDOW_SECONDS },
    /** Credential routes, per target account (the request's email), whichever IPs the attempts come from. */
    credentialsPerEmail: { limit: parsed.RATE_LIMIT_CREDENTIALS_EMAIL_LIMIT, windowSeconds: parsed.RATE_LIMIT_CREDENTIALS_WINDOW_SECONDS },
  };
}

export const rateLimitConfig = registerAs('rateLimit', () => rateLimitConfigFrom(readEnvironment()));
export type RateLimitConfig = ReturnType<typeof rateLimitConfigFrom>;
