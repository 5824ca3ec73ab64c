import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { rateLimitConfig, type RateLimitConfig } from '../config/rate-limit.config';
import { redisConfig, type RedisConfig } from '../config/redis.config';
import { RateLimiter } from './rate-limiter';
import type { KeyedLimit } from './rate-limit-store';
import { RateLimitPolicy, SKIP_RATE_LIMIT } from './rate-limit.constants';
import { clientIp, rateLimitKey } from './rate-limit.throttlers';

/**
 * The per-address `global` limit, counted in a Fastify `onRequest` hook: before authentication, routing into
 * Nest or the catalog cache, so refused and failing calls (401, 403, 404, 400) use up the quota like any other.
 * Routes marked `@SkipRateLimit()` (probes, scrapes) carry that in their Fastify route config and are not counted.
 */
@Injectable()
export class ClientRateLimit {
  private readonly windowMs: number;
  private readonly limit: number;

  constructor(
    private readonly limiter: RateLimiter,
    @Inject(rateLimitConfig.KEY) config: RateLimitConfig,
    @Inject(redisConfig.KEY) private readonly redis: RedisConfig,
  ) {
    this.windowMs = config.global.windowSeconds * 1_000;
    this.limit = config.global.limit;
  }

  /** Counts the request; throws the 429 (rendered by the error filter) when the address is over its limit. */
  async check(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if ((request.routeOptions.config as { [SKIP_RATE_LIMIT]?: boolean } | undefined)?.[SKIP_RATE_LIMIT]) return;
    const refusal = await this.limiter.count(request, reply, this.limitFor(request));
    if (refusal) throw refusal;
  }

  private limitFor(request: FastifyRequest): KeyedLimit {
    const policy = RateLimitPolicy.Global;
    return { key: rateLimitKey(this.redis.keyPrefix, policy, clientIp(request)), policy, limit: this.limit, windowMs: this.windowMs, blockMs: this.windowMs };
  }
}
