import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
  ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { RateLimiter } from './rate-limiter';
import { SKIP_RATE_LIMIT } from './rate-limit.constants';

/**
 * Applies the named limits (see `rate-limit.throttlers.ts`) to every HTTP route, registered globally by
 * `RateLimitModule`. Throttler's guard decides which limits apply and with which key; the counting, the IETF
 * `RateLimit`/`RateLimit-Policy` headers (instead of `X-RateLimit-*`), the 429 problem+json with `Retry-After` and
 * failing open when Redis is down are {@link RateLimiter}'s. It also honours `@SkipRateLimit()`.
 *
 * Order matters: the `user` limit reads `request.user`, which the JWT guard sets. Nest runs global guards in the
 * order their modules are imported, so AuthModule must come before RateLimitModule in AppModule; otherwise every
 * request looks anonymous here and only the IP limits apply.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly limiter: RateLimiter,
  ) {
    super(options, storage, reflector);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    return this.reflector.getAllAndOverride<boolean>(SKIP_RATE_LIMIT, [context.getHandler(), context.getClass()]) === true;
  }

  protected override async handleRequest({ context, limit, ttl, throttler, blockDuration, getTracker, generateKey }: ThrottlerRequest): Promise<boolean> {
    const { req, res } = this.getRequestResponse(context);
    const policy = throttler.name!;
    const key = generateKey(context, await getTracker(req, context), policy);
    const refusal = await this.limiter.count(req, res as FastifyReply, { key, policy, limit, windowMs: ttl, blockMs: blockDuration });
    if (refusal) throw refusal;
    return true;
  }
}
