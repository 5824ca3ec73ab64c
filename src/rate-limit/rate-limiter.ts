import { Inject, Injectable } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from '../common/problem/error-code';
import { ProblemDetailsFilter } from '../common/problem/problem-details.filter';
import { ProblemException } from '../common/problem/problem.exception';
import { rateLimitConfig, type RateLimitConfig } from '../config/rate-limit.config';
import { redisConfig, type RedisConfig } from '../config/redis.config';
import { counter } from '../metrics/metric-registry';
import { RateLimitCounter } from './rate-limit-counter';
import { RATE_LIMIT_HEADER, RATE_LIMIT_POLICY_HEADER, rateLimitHeaders, retryAfterSeconds, type RateLimitState } from './rate-limit-headers';
import type { KeyedLimit } from './rate-limit-store';
import { RateLimitPolicy } from './rate-limit.constants';
import { clientIp, rateLimitKey } from './rate-limit.throttlers';

const rejections = counter<'policy'>({
  name: 'rate_limit_rejections_total',
  help: 'Requests refused with 429 by a rate limit, by the policy that refused them',
  labelNames: ['policy'],
});
// Every policy's series from the start, so that rate() and alerts see 0 rather than no data.
for (const policy of Object.values(RateLimitPolicy)) rejections.inc({ policy }, 0);

/** A limit counted for a request, and the 429 it earned if it was exceeded. */
interface Applied {
  state: RateLimitState;
  refusal?: ProblemException;
}

/**
 * Counts requests against the named limits: the one place both the rate-limit guard and code running before
 * Nest's router (Fastify hooks) count, so they share every counter (see {@link RateLimitCounter} for how counting
 * avoids a Redis round trip per request, and its accuracy). Exported by `RateLimitModule`.
 *
 * Each request is counted at most once per limit, however many callers ask, and its `RateLimit` and
 * `RateLimit-Policy` headers list every limit counted for it.
 */
@Injectable()
export class RateLimiter {
  private readonly applied = new WeakMap<object, Map<string, Applied>>();
  private readonly anonymous: Omit<KeyedLimit, 'key'>;
  private readonly problems = new ProblemDetailsFilter();

  constructor(
    private readonly counter: RateLimitCounter,
    @Inject(rateLimitConfig.KEY) limits: RateLimitConfig,
    @Inject(redisConfig.KEY) private readonly redis: RedisConfig,
  ) {
    // As `buildThrottlers` defines it, with throttler's default block: one window.
    const windowMs = limits.global.windowSeconds * 1_000;
    this.anonymous = { policy: RateLimitPolicy.Global, limit: limits.global.limit, windowMs, blockMs: windowMs };
  }

  /**
   * Applies the limits an anonymous request is subject to, the `global` per-IP limit, from outside Nest: in a
   * Fastify `onRequest` hook, before routing, for a request that will be answered there (e.g. from a cache).
   * Same counters and keys as the guard (a client gains nothing by mixing paths), and a request counted here is
   * not counted again if it goes on to a Nest route.
   *
   * Sets the `RateLimit` and `RateLimit-Policy` headers on `reply`. When the limit is exceeded it **sends** the
   * same 429 `application/problem+json` with `Retry-After` the guard would, waits until it is written, and
   * returns `false`: the hook must then return without touching `reply`. When Redis is down the request is
   * allowed (fail open), without headers.
   *
   * The caller decides what is anonymous (no `Authorization` header, say): this applies no per-user limit.
   *
   * @returns `true` when the request may be served; `false` when the 429 has been sent.
   */
  async admitAnonymous(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const key = rateLimitKey(this.redis.keyPrefix, this.anonymous.policy, clientIp(request));
    const refusal = await this.count(request, reply, { ...this.anonymous, key });
    if (!refusal) return true;
    this.problems.catch(refusal, new ExecutionContextHost([request, reply]));
    await reply;
    return false;
  }

  /**
   * Counts `request` against one limit and sets the headers on `reply`. Returns the 429 to answer when the limit
   * is exceeded (the guard throws it), or undefined to go on. A limit already counted for this request is not
   * counted again.
   */
  async count(request: object, reply: FastifyReply, limit: KeyedLimit): Promise<ProblemException | undefined> {
    let applied = this.applied.get(request);
    const earlier = applied?.get(limit.policy);
    if (earlier) return earlier.refusal;

    const hit = await this.counter.hit(limit);
    // Not counted (storage down): allow, and advertise nothing we could not count.
    if (!hit) return undefined;

    const state: RateLimitState = {
      policy: limit.policy,
      quota: limit.limit,
      windowSeconds: Math.ceil(limit.windowMs / 1_000),
      remaining: hit.admitted ? Math.max(0, limit.limit - hit.totalHits) : 0,
      resetSeconds: hit.resetMs / 1_000,
    };
    const refusal = hit.admitted ? undefined : tooManyRequests(state);
    // Here, not where the 429 is sent: once per refused request, whichever caller sends it.
    if (refusal) rejections.inc({ policy: limit.policy });
    if (!applied) {
      applied = new Map();
      this.applied.set(request, applied);
    }
    applied.set(limit.policy, { state, refusal });
    const headers = rateLimitHeaders(applied.size === 1 ? [state] : [...applied.values()].map((entry) => entry.state));
    reply.header(RATE_LIMIT_POLICY_HEADER, headers[RATE_LIMIT_POLICY_HEADER]);
    reply.header(RATE_LIMIT_HEADER, headers[RATE_LIMIT_HEADER]);
    return refusal;
  }
}

function tooManyRequests(state: RateLimitState): ProblemException {
  const retryAfter = retryAfterSeconds(state);
  return new ProblemException(429, ErrorCode.TooManyRequests, {
    detail: `Rate limit "${state.policy}" exceeded (${state.quota} requests per ${state.windowSeconds} s); retry in ${retryAfter} s`,
    headers: { 'retry-after': String(retryAfter) },
  });
}
