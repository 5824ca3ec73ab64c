import { applyDecorators, type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension } from '@nestjs/swagger';
import { DEPRECATION_POLICY } from '../openapi/operation-markers';
import type { FastifyReply } from 'fastify';
import type { Observable } from 'rxjs';

export interface DeprecationPolicy {
  /** When it was deprecated (ISO 8601 date). */
  since: string;
  /** When it stops answering (ISO 8601 date). */
  sunset: string;
  /** Where clients should move to: a path or absolute URL. */
  successor?: string;
}

/**
 * API versions being retired. One entry deprecates every route of that version, e.g.
 * `'1': { since: '2027-01-01', sunset: '2027-07-01', successor: '/api/v2' }`.
 */
export const DEPRECATED_VERSIONS: Record<string, DeprecationPolicy> = {};

const DEPRECATION = Symbol('deprecation');

/**
 * Marks a route or controller deprecated: its responses carry `Deprecation` (RFC 9745), `Sunset` (RFC 8594)
 * and `Link: <successor>; rel="successor-version"` (RFC 5829), and the OpenAPI document says so.
 */
export const Deprecated = (policy: DeprecationPolicy) =>
  applyDecorators(SetMetadata(DEPRECATION, policy), UseInterceptors(DeprecationInterceptor), ApiExtension(DEPRECATION_POLICY, policy));

/** The headers a route sets itself that its cached answers must repeat. */
export const ROUTE_OWN_HEADERS = ['deprecation', 'sunset', 'link'] as const;

export function deprecationHeaders(policy: DeprecationPolicy): Record<string, string> {
  const headers: Record<string, string> = {
    // RFC 9745 §2.1: a Structured Field Date, i.e. "@" and seconds since the epoch.
    deprecation: `@${Math.floor(Date.parse(policy.since) / 1000)}`,
    sunset: new Date(policy.sunset).toUTCString(),
  };
  if (policy.successor) headers.link = `<${policy.successor}>; rel="successor-version"`;
  return headers;
}

const VERSION_IN_PATH = /^\/api\/v([^/]+)\//;

/** The API version a path belongs to (`/api/v1/products` → `1`), if any. */
export function versionOf(url: string): string | undefined {
  return VERSION_IN_PATH.exec(url)?.[1];
}

/**
 * Applied by `@Deprecated()` to its routes only (a whole version is the edge's, see edge-policy.ts). A cached
 * answer keeps these headers (see {@link ROUTE_OWN_HEADERS}), so a cache hit sends them too.
 */
@Injectable()
export class DeprecationInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const policy = this.reflector.getAllAndOverride<DeprecationPolicy | undefined>(DEPRECATION, [context.getHandler(), context.getClass()]);
    // Set before the handler runs, so error responses of a deprecated route carry them too.
    if (policy) context.switchToHttp().getResponse<FastifyReply>().headers(deprecationHeaders(policy));
    return next.handle();
  }
}
