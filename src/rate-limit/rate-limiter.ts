import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ErrorCode } from '../common/problem/error-code';
import { ProblemException } from '../common/problem/problem.exception';
import { counter } from '../metrics/metric-registry';
import { RateLimitCounter } from './rate-limit-counter';
import { RATE_LIMIT_HEADER, RATE_LIMIT_POLICY_HEADER, rateLimitHeaders, retryAfterSeconds, type RateLimitState } from './rate-limit-headers';
import type { KeyedLimit } from './rate-limit-store';
import { RateLimitPolicy } from './rate-limit.constants';

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
 * Counts requests against the named limits for the rate-limit guard (see {@link RateLimitCounter} for how counting
 * avoids a Redis round trip per request, and its accuracy, and `FallbackStorage` for what happens while Redis is
 * unreachable; the catalog fast path counts on the same counters through it directly). Exported by `RateLimitModule`.
 *
 * Each request is counted at most once per limit, however many callers ask, and its `RateLimit` and
 * `RateLimit-Policy` headers list every limit counted for it.
 */
@Injectable()
export class RateLimiter {
  private readonly applied = new WeakMap<object, Map<string, Applied>>();

  constructor(private readonly counter: RateLimitCounter) {}

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
    // Not counted (no room for another counter in the process during a Redis outage): allow, and advertise
    // nothing we could not count.
    if (!hit) return undefined;

    // The quota this instance enforces: during a Redis outage, its share of the limit (see FallbackStorage).
    const state: RateLimitState = {
      policy: limit.policy,
      quota: hit.limit,
      windowSeconds: Math.ceil(limit.windowMs / 1_000),
      remaining: hit.admitted ? Math.max(0, hit.limit - hit.totalHits) : 0,
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
