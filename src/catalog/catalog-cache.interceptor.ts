import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
  SetMetadata,
  type Type,
  UseInterceptors,
  applyDecorators,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiOkResponse, ApiSecurity } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parse as parseQuery } from 'fast-querystring';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { catalogConfig, type CatalogConfig } from '../config/catalog.config';
import { ROUTE_OWN_HEADERS } from '../edge/deprecation';
import { UNMATCHED_ROUTE } from '../metrics/http-metrics';
import { ETAG_HEADER } from '../openapi/response-headers';
import { CatalogCache, type CachedAnswer, type CacheOutcome } from './catalog-cache';
import { CatalogState } from './catalog-state';

const CATALOG_CACHED = Symbol('catalogCached');
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Marks a public catalog GET as cacheable (see {@link CatalogCacheInterceptor}) and documents its 200: `type`, the
 * cache headers, and with `etag` the version tag (and so, from the pipeline, `If-None-Match` and 304).
 */
export const CatalogCached = (answer: { type: Type<unknown>; etag?: boolean }) =>
  applyDecorators(
    SetMetadata(CATALOG_CACHED, true),
    // Route-scoped, not global: every global interceptor costs every request.
    UseInterceptors(CatalogCacheInterceptor),
    // Anonymous, or signed in: a caller with a valid token bypasses the cache, and staff also see unpublished rows.
    ApiSecurity({}),
    ApiBearerAuth(),
    ApiOkResponse({
      type: answer.type,
      headers: {
        'X-Cache': {
          description: 'HIT or MISS from the shared cache; BYPASS for a signed-in caller, or while the shared catalog state is out of reach',
          schema: { type: 'string', enum: ['HIT', 'MISS', 'BYPASS'] },
        },
        'Cache-Control': { description: 'Anonymous answers are public for a short time', schema: { type: 'string', example: 'public, max-age=30' } },
        ...(answer.etag ? { ETag: ETAG_HEADER } : {}),
      },
    }),
  );

/**
 * Serves `@CatalogCached()` GETs from the catalog cache, keyed on the path and the sorted query string.
 * Anonymous answers are public (`Cache-Control: public, max-age`); while this instance's view of the shared catalog
 * state is not live they are read from the database (`X-Cache: BYPASS`, see CatalogCache). A signed-in caller (back
 * office; a valid token, see JwtAuthGuard) bypasses the cache and reads with the latest shared catalog state (or,
 * while Redis does not answer, the primary's position), so it always sees its own writes. A request whose token is not valid is anonymous here. The route's own headers (a route-level
 * deprecation) are kept with the entry and repeated on every hit, here and in {@link CatalogHits}.
 */
@Injectable()
export class CatalogCacheInterceptor implements NestInterceptor {
  private readonly cacheControl: string;
  private readonly keys = new CacheKeys();

  constructor(
    private readonly reflector: Reflector,
    private readonly cache: CatalogCache,
    private readonly state: CatalogState,
    @Inject(catalogConfig.KEY) private readonly config: CatalogConfig,
  ) {
    this.cacheControl = publicCacheControl(config);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.reflector.get<boolean>(CATALOG_CACHED, context.getHandler())) return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();

    if ((request as { user?: unknown }).user) {
      reply.header('x-cache', 'BYPASS');
      return from(this.state.refresh().then(() => lastValueFrom(next.handle())));
    }
    if (!this.config.cache.enabled) {
      // Anonymous callers wrote nothing: the state this instance holds (kept current by Redis pub/sub) is enough.
      reply.header('x-cache', 'MISS').header('cache-control', this.cacheControl);
      return next.handle();
    }

    const load = async () => {
      const value = await lastValueFrom(next.handle());
      const etag = reply.getHeader('etag');
      return { body: JSON.stringify(value), etag: typeof etag === 'string' ? etag : undefined, headers: routeOwnHeaders(reply) };
    };
    return from(
      this.cache.getOrLoad(this.keys.of(request.url), request.routeOptions.url ?? UNMATCHED_ROUTE, load).then(({ answer, outcome }) => {
        setCachedAnswerHeaders(reply, outcome, this.cacheControl, answer);
        return answer.body;
      }),
    );
  }
}

/** `Cache-Control` of anonymous catalog answers. */
export function publicCacheControl(config: CatalogConfig): string {
  return `public, max-age=${config.cache.maxAgeSeconds}`;
}

/** The headers of an answer from the cache, whichever step sends it (this interceptor, or CatalogHits at the edge). */
export function setCachedAnswerHeaders(reply: FastifyReply, outcome: CacheOutcome, cacheControl: string, answer: Pick<CachedAnswer, 'etag' | 'headers'>): void {
  reply.header('x-cache', outcome).header('cache-control', cacheControl).header('content-type', JSON_CONTENT_TYPE);
  if (answer.headers) reply.headers(answer.headers);
  if (answer.etag) reply.header('etag', answer.etag);
}

function routeOwnHeaders(reply: FastifyReply): Record<string, string> | undefined {
  let headers: Record<string, string> | undefined;
  for (const name of ROUTE_OWN_HEADERS) {
    const value = reply.getHeader(name);
    if (typeof value === 'string') (headers ??= {})[name] = value;
  }
  return headers;
}

/**
 * The path and its query parameters in a stable order, so `?a=1&b=2` and `?b=2&a=1` share an entry. The query is
 * parsed by the parser Fastify's router fills `request.query` with, so the key holds exactly what the route reads:
 * two URLs share an entry only if the route sees the same parameters (`URLSearchParams` would turn every invalid
 * percent-encoding into U+FFFD, and `?q=%E9` and `?q=%E8` into one key).
 */
export function cacheKey(url: string): string {
  const at = url.indexOf('?');
  if (at === -1) return url;
  const query = parseQuery(url.slice(at + 1)) as Record<string, string | string[]>;
  const names = Object.keys(query).sort();
  return names.length ? `${url.slice(0, at)}?${JSON.stringify(names.map((name) => [name, query[name]]))}` : url.slice(0, at);
}

/** Beyond this many distinct URLs {@link CacheKeys} starts over, so a flood of unique URLs cannot grow it. */
const MAX_REMEMBERED_URLS = 10_000;

/** {@link cacheKey}, remembered per raw URL: storefronts repeat the same few URLs, and parsing is the costly part. */
export class CacheKeys {
  private readonly byUrl = new Map<string, string>();

  of(url: string): string {
    let key = this.byUrl.get(url);
    if (key === undefined) {
      if (this.byUrl.size >= MAX_REMEMBERED_URLS) this.byUrl.clear();
      key = cacheKey(url);
      this.byUrl.set(url, key);
    }
    return key;
  }
}
