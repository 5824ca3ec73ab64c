import { registerAs } from '@nestjs/config';
import { Transform } from 'class-transformer';
import { IsInt, IsNumber, Max, Min } from 'class-validator';
import { readEnvironment, validateEnvironment, type Environment } from './environment';
import { ToInt } from './env-transforms';

const MAX_WINDOW_SECONDS = 24 * 3_600;
const MAX_LIMIT = 1_000_000;

/** A plain decimal (`0.5`, `1`, `.25`) to a number; anything else stays a string and fails `@IsNumber()`. */
const ToDecimal = () => Transform(({ value }) => (typeof value === 'string' && /^\s*(\d+\.?\d*|\.\d+)\s*$/.test(value) ? Number(value) : value));

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

  @ToInt()
  @IsInt()
  @Min(10)
  @Max(5_000)
  RATE_LIMIT_SYNC_INTERVAL_MS = 100;

  @ToDecimal()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  RATE_LIMIT_LOCAL_FRACTION = 0.5;

  @ToInt()
  @IsInt()
  @Min(0)
  @Max(MAX_LIMIT)
  RATE_LIMIT_LOCAL_MIN_HEADROOM = 50;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(1_000)
  RATE_LIMIT_OUTAGE_INSTANCES = 1;
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
    /**
     * Local tallies in front of the shared (Redis) counters; see `RateLimitCounter` for the accuracy bound. A
     * request is admitted without asking Redis while this instance's view of the count (last shared total plus
     * hits not yet sent) stays within `fraction` of the limit and at least `minHeadroom` below it; pending hits
     * are sent every `syncIntervalMs`. `fraction` 0 asks Redis on every request, as the credential limits always
     * do. Without Redis there is no round trip to save: every request is counted in the process at once.
     */
    local: {
      syncIntervalMs: parsed.RATE_LIMIT_SYNC_INTERVAL_MS,
      fraction: parsed.RATE_LIMIT_LOCAL_FRACTION,
      minHeadroom: parsed.RATE_LIMIT_LOCAL_MIN_HEADROOM,
    },
    /**
     * While Redis is unreachable each instance counts in its process and enforces `⌊limit / instances⌋` (at least
     * 1) of every limit, so that with this many instances behind the load balancer the fleet admits about the
     * limit. 1 (the default: the instance count is not known here) lets each enforce the full limit: no client is
     * refused early, but n instances admit up to n × limit. See `FallbackStorage`.
     */
    outage: { instances: parsed.RATE_LIMIT_OUTAGE_INSTANCES },
  };
}

export const rateLimitConfig = registerAs('rateLimit', () => rateLimitConfigFrom(readEnvironment()));
export type RateLimitConfig = ReturnType<typeof rateLimitConfigFrom>;
