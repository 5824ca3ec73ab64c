import { Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { rateLimitConfig, type RateLimitConfig } from '../config/rate-limit.config';
import { redisConfig, type RedisConfig } from '../config/redis.config';
import { RateLimiter } from './rate-limiter';
import { RateLimitPolicy, SKIP_RATE_LIMIT } from './rate-limit.constants';
import { buildThrottlers, keyedLimit, type NamedLimit } from './rate-limit.throttlers';

/**
 * The per-address `global` limit, counted in a Fastify `onRequest` hook: before authentication, routing into
 * Nest or the catalog cache, so refused and failing calls (401, 403, 404, 400) use up the quota like any other.
 * Routes marked `@SkipRateLimit()` (probes, scrapes) carry that in their Fastify route config and are not counted.
 */
@Injectable()
export class ClientRateLimit {
  private readonly global: NamedLimit;

  constructor(
    private readonly limiter: RateLimiter,
    reflector: Reflector,
    @Inject(rateLimitConfig.KEY) config: RateLimitConfig,
    @Inject(redisConfig.KEY) private readonly redis: RedisConfig,
  ) {
    this.global = buildThrottlers(config, reflector).find((limit) => limit.name === RateLimitPolicy.Global)!;
  }

  /** Counts the request; throws the 429 (rendered by the error filter) when the address is over its limit. */
  async check(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if ((request.routeOptions.config as { [SKIP_RATE_LIMIT]?: boolean } | undefined)?.[SKIP_RATE_LIMIT]) return;
    const refusal = await this.limiter.count(request, reply, keyedLimit(this.redis.keyPrefix, this.global, this.global.getTracker(request)));
    if (refusal) throw refusal;
  }
}
