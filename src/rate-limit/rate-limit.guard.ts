import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { rateLimitConfig, type RateLimitConfig } from '../config/rate-limit.config';
import { redisConfig, type RedisConfig } from '../config/redis.config';
import { RateLimiter } from './rate-limiter';
import { RateLimitPolicy, SKIP_RATE_LIMIT } from './rate-limit.constants';
import { buildThrottlers, keyedLimit, type NamedLimit, type RateLimitedRequest } from './rate-limit.throttlers';

/**
 * The limits that need to know the route or the caller: `user` (after authentication, see request-pipeline.ts
 * for the order) and the credential limits of `@CredentialRateLimit()` routes. The per-address `global` limit
 * is counted earlier, at the edge, by {@link ClientRateLimit}. Counting, headers and the 429 are
 * {@link RateLimiter}'s. Honours `@SkipRateLimit()`.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly limits: NamedLimit[];

  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
    @Inject(rateLimitConfig.KEY) config: RateLimitConfig,
    @Inject(redisConfig.KEY) private readonly redis: RedisConfig,
  ) {
    this.limits = buildThrottlers(config, reflector).filter((limit) => limit.name !== RateLimitPolicy.Global);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(SKIP_RATE_LIMIT, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & RateLimitedRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    for (const limit of this.limits) {
      if (limit.skipIf?.(context)) continue;
      const refusal = await this.limiter.count(request, reply, keyedLimit(this.redis.keyPrefix, limit, limit.getTracker(request, context)));
      if (refusal) throw refusal;
    }
    return true;
  }
}
