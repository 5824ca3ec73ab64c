import { type ExecutionContext, Inject, Injectable } from '@nestjs/common';
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
import { ErrorCode } from '../common/problem/error-code';
import { ProblemException } from '../common/problem/problem.exception';
import { redisConfig, type RedisConfig } from '../config/redis.config';
import { FailOpenStorage } from './fail-open-storage';
import { rateLimitHeaders, retryAfterSeconds, type RateLimitState } from './rate-limit-headers';
import { SKIP_RATE_LIMIT } from './rate-limit.constants';

/**
 * Applies the named limits (see `rate-limit.throttlers.ts`) to every HTTP route, registered globally by
 * `RateLimitModule`. Compared with throttler's own guard it answers with the IETF `RateLimit`/`RateLimit-Policy`
 * headers instead of `X-RateLimit-*`, renders 429 as problem+json with `Retry-After`, honours `@SkipRateLimit()`
 * and fails open when the storage (Redis) is down.
 *
 * Order matters: the `user` limit reads `request.user`, which the JWT guard sets. Nest runs global guards in the
 * order their modules are imported, so AuthModule must come before RateLimitModule in AppModule; otherwise every
 * request looks anonymous here and only the IP limits apply.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private readonly counter: FailOpenStorage;
  /** The limits already counted for a request, so its headers can list all of them. */
  private readonly applied = new WeakMap<object, RateLimitState[]>();

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(redisConfig.KEY) redis: RedisConfig,
  ) {
    super(options, storage, reflector);
    // ioredis already fails a command after its timeout; this bounds anything else that could stall.
    this.counter = new FailOpenStorage(storage, redis.commandTimeoutMs + 100);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    return this.reflector.getAllAndOverride<boolean>(SKIP_RATE_LIMIT, [context.getHandler(), context.getClass()]) === true;
  }

  protected override async handleRequest({ context, limit, ttl, throttler, blockDuration, getTracker, generateKey }: ThrottlerRequest): Promise<boolean> {
    const { req, res } = this.getRequestResponse(context);
    const policy = throttler.name!;
    const key = generateKey(context, await getTracker(req, context), policy);
    const record = await this.counter.increment(key, ttl, limit, blockDuration, policy);
    // Not counted (storage down): allow, and advertise nothing we could not count.
    if (!record) return true;

    const state: RateLimitState = {
      policy,
      quota: limit,
      windowSeconds: Math.ceil(ttl / 1_000),
      remaining: record.isBlocked ? 0 : Math.max(0, limit - record.totalHits),
      resetSeconds: record.isBlocked ? record.timeToBlockExpire : record.timeToExpire,
    };
    const states = [...(this.applied.get(req) ?? []), state];
    this.applied.set(req, states);
    const reply = res as FastifyReply;
    for (const [name, value] of Object.entries(rateLimitHeaders(states))) reply.header(name, value);

    if (record.isBlocked) {
      const retryAfter = retryAfterSeconds(state);
      throw new ProblemException(429, ErrorCode.TooManyRequests, {
        detail: `Rate limit "${policy}" exceeded (${limit} requests per ${state.windowSeconds} s); retry in ${retryAfter} s`,
        headers: { 'retry-after': String(retryAfter) },
      });
    }
    return true;
  }
}
