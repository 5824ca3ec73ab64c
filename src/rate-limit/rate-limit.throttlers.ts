import { createHash } from 'node:crypto';
import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { normalizeIp, type ThrottlerOptions } from '@nestjs/throttler';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { RateLimitConfig } from '../config/rate-limit.config';
import type { KeyedLimit } from './rate-limit-store';
import { CREDENTIAL_RATE_LIMIT, RateLimitPolicy } from './rate-limit.constants';

/** The parts of a Fastify request the limits read. */
export interface RateLimitedRequest {
  ip?: string;
  body?: unknown;
  user?: AuthenticatedUser;
}

const requestOf = (context: ExecutionContext) => context.switchToHttp().getRequest<RateLimitedRequest>();

/**
 * Fastify's `request.ip`, which honours TRUST_PROXY. An IPv6 address is reduced to its /64, the block one
 * subscriber usually holds, so rotating addresses inside it does not buy a fresh quota.
 */
export function clientIp(request: RateLimitedRequest): string {
  return normalizeIp(request.ip ?? 'unknown');
}

/** The trimmed, lower-cased `body.email`, or undefined when the body has no usable one. */
export function normaliseEmail(body: unknown): string | undefined {
  const email = typeof body === 'object' && body !== null ? (body as { email?: unknown }).email : undefined;
  if (typeof email !== 'string') return undefined;
  const normalised = email.trim().toLowerCase();
  return normalised || undefined;
}

/** The email as it goes into a key: hashed, so Redis never holds an address (it is personal data). */
export function emailTracker(body: unknown): string | undefined {
  const email = normaliseEmail(body);
  return email && createHash('sha256').update(email).digest('hex');
}

/**
 * One counter per limit and tracker, the same on every route (unlike throttler's default, which counts per
 * handler), prefixed with REDIS_KEY_PREFIX: `catalog:rate-limit:global:203.0.113.7`. The Redis store wraps it
 * in a Cluster hash tag, so the keys in Redis read `{catalog:rate-limit:global:203.0.113.7:global}:hits`.
 */
export function rateLimitKey(keyPrefix: string, policy: string, tracker: string): string {
  return `${keyPrefix}rate-limit:${policy}:${tracker}`;
}

/** The counter of `limit` for `tracker`, under the Redis key prefix: what {@link RateLimiter} counts. */
export function keyedLimit(keyPrefix: string, limit: NamedLimit, tracker: string): KeyedLimit {
  return { key: rateLimitKey(keyPrefix, limit.name, tracker), policy: limit.name, limit: limit.limit, windowMs: limit.ttl, blockMs: limit.ttl };
}

/** One named limit in `@nestjs/throttler`'s option shape, with its numbers resolved. */
export interface NamedLimit extends Pick<ThrottlerOptions, 'skipIf'> {
  name: RateLimitPolicy;
  limit: number;
  /** The window, in milliseconds; a refused tracker is blocked for one window. */
  ttl: number;
  getTracker: (request: RateLimitedRequest, context?: ExecutionContext) => string;
}

/**
 * The named limits. Each names the tracker it counts by and when it does not apply (`skipIf`). `global` is
 * counted at the edge, before authentication (see `ClientRateLimit`); the others by the rate-limit guard, after
 * it. The first one exceeded answers 429.
 */
export function buildThrottlers(config: RateLimitConfig, reflector: Reflector): NamedLimit[] {
  const isCredentialRoute = (context: ExecutionContext) =>
    reflector.getAllAndOverride<boolean>(CREDENTIAL_RATE_LIMIT, [context.getHandler(), context.getClass()]) === true;
  const ms = (seconds: number) => seconds * 1_000;
  return [
    {
      name: RateLimitPolicy.Global,
      limit: config.global.limit,
      ttl: ms(config.global.windowSeconds),
      getTracker: (request) => clientIp(request),
    },
    {
      // `request.user` is read when the rate-limit guard runs: only callers the JWT guard (the guard before it,
      // see request-pipeline.ts) has already authenticated are counted per user; anonymous requests skip it.
      name: RateLimitPolicy.User,
      limit: config.user.limit,
      ttl: ms(config.user.windowSeconds),
      skipIf: (context) => !requestOf(context).user?.id,
      getTracker: (request) => request.user!.id,
    },
    {
      name: RateLimitPolicy.CredentialsPerIp,
      limit: config.credentialsPerIp.limit,
      ttl: ms(config.credentialsPerIp.windowSeconds),
      skipIf: (context) => !isCredentialRoute(context),
      getTracker: (request) => clientIp(request),
    },
    {
      name: RateLimitPolicy.CredentialsPerEmail,
      limit: config.credentialsPerEmail.limit,
      ttl: ms(config.credentialsPerEmail.windowSeconds),
      skipIf: (context) => !isCredentialRoute(context) || !normaliseEmail(requestOf(context).body),
      getTracker: (request) => emailTracker(request.body)!,
    },
  ];
}
