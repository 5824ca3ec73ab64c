import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, Logger as NestLogger, type OnApplicationShutdown } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { REQUEST_ID_HEADER, requestIdFor } from '../common/context/request-id';
import { clientAddressOf } from '../common/http/client-address';
import { negotiateEncoding, withAcceptEncoding } from '../common/http/compression';
import { ifNoneMatchHits } from '../common/http/conditional-request';
import { allowedOrigin, corsPluginOptions } from '../common/http/cors-policy';
import { deprecationHeaders, versionPolicy } from '../common/http/deprecation';
import type { FrontHandler } from '../common/http/request-front';
import { apiSecurityHeaders } from '../common/http/security-headers';
import { appConfig, type AppConfig } from '../config/app.config';
import { catalogConfig, type CatalogConfig } from '../config/catalog.config';
import { httpConfig, type HttpConfig } from '../config/http.config';
import { rateLimitConfig, type RateLimitConfig } from '../config/rate-limit.config';
import { redisConfig, type RedisConfig } from '../config/redis.config';
import { ShutdownState } from '../lifecycle/shutdown-state';
import { observeHttpRequest } from '../metrics/http-metrics';
import { traceLogMixin } from '../observability/trace-log-fields';
import { RateLimitCounter } from '../rate-limit/rate-limit-counter';
import { RATE_LIMIT_HEADER, RATE_LIMIT_POLICY_HEADER, rateLimitHeaders, rateLimitItem } from '../rate-limit/rate-limit-headers';
import type { KeyedLimit } from '../rate-limit/rate-limit-store';
import { RateLimitPolicy } from '../rate-limit/rate-limit.constants';
import { clientIp, rateLimitKey } from '../rate-limit/rate-limit.throttlers';
import { CatalogCache } from './catalog-cache';
import { CacheKeys, JSON_CONTENT_TYPE } from './catalog-cache.interceptor';

/**
 * Serves anonymous catalog GETs whose answer this process already holds (bytes ready to write, compressed once
 * per entry) from the HTTP server's request listener, before Fastify builds a request: the shoppers' hot path.
 * It sends what the same answer from the route carries: security headers, CORS, the request id, `RateLimit`
 * headers, `Cache-Control`, `ETag` and 304, the negotiated encoding; and it records the request's metrics and a
 * compact log line. An e2e test compares its answers with the route's, header by header.
 *
 * It declines (and Fastify, then Nest, handle the request as usual) whatever is not plainly such a hit: another
 * method, a signed-in caller, no entry in this process, a rate limit this process cannot settle on its own
 * (first request of a window, near the limit, refused, Redis failing: the guard counts those), or shutdown.
 */
@Injectable()
export class CatalogFastPath implements OnApplicationShutdown {
  /**
   * Access lines for served hits: a plain pino logger (nothing to redact: no headers, no bodies) writing to
   * stdout through a small buffer, instead of pino-http's per-request child logger and serialisers. Flushed
   * at shutdown.
   */
  private readonly accessLog: Logger;
  private readonly logger = new NestLogger(CatalogFastPath.name);
  private readonly keys = new CacheKeys();
  private readonly clientAddress: (raw: IncomingMessage) => string | undefined;
  private readonly cors: ReturnType<typeof corsPluginOptions>;
  private readonly anonymous: Omit<KeyedLimit, 'key'>;
  /** The headers every answer from here carries, as [name, value, …]: security, CORS exposure, limit policy, caching. */
  private readonly fixedHeaders: string[];

  constructor(
    private readonly cache: CatalogCache,
    private readonly counter: RateLimitCounter,
    private readonly shutdown: ShutdownState,
    @Inject(catalogConfig.KEY) private readonly config: CatalogConfig,
    @Inject(redisConfig.KEY) private readonly redis: RedisConfig,
    @Inject(appConfig.KEY) app: AppConfig,
    @Inject(httpConfig.KEY) http: HttpConfig,
    @Inject(rateLimitConfig.KEY) limits: RateLimitConfig,
  ) {
    this.accessLog = pino({ level: app.logLevel, mixin: traceLogMixin() }, pino.destination({ dest: 1, sync: false, minLength: 4_096 }));
    this.clientAddress = clientAddressOf(http.trustProxy);
    this.cors = corsPluginOptions(http.corsAllowedOrigins);
    // The guard's `global` limit, with throttler's default block of one window (see buildThrottlers).
    const windowMs = limits.global.windowSeconds * 1_000;
    this.anonymous = { policy: RateLimitPolicy.Global, limit: limits.global.limit, windowMs, blockMs: windowMs };
    const policy = rateLimitHeaders([
      { policy: RateLimitPolicy.Global, quota: limits.global.limit, windowSeconds: limits.global.windowSeconds, remaining: 0, resetSeconds: 0 },
    ]);
    this.fixedHeaders = Object.entries({
      ...apiSecurityHeaders(app.isProduction),
      'access-control-expose-headers': this.cors.exposedHeaders as string,
      [RATE_LIMIT_POLICY_HEADER]: policy[RATE_LIMIT_POLICY_HEADER],
      'x-cache': 'HIT',
      'cache-control': `public, max-age=${config.cache.maxAgeSeconds}`,
    }).flat();
  }

  onApplicationShutdown(): void {
    this.accessLog.flush();
  }

  /** The request listener's handler, or undefined when the cache or this path is switched off. */
  handler(): FrontHandler | undefined {
    if (!this.config.cache.enabled || !this.config.cache.fastPath) return undefined;
    return (req, res) => {
      try {
        return this.serve(req, res);
      } catch (error) {
        // Thrown in the server's listener, it would end the process. Nothing sent yet: the route answers instead
        // (its guard counts the request again: a failure here costs its client one more request of its quota).
        this.logger.error(`The catalog fast path failed; the route answers instead: ${error instanceof Error ? error.stack : String(error)}`);
        if (!res.headersSent) return false;
        res.destroy();
        return true;
      }
    };
  }

  private serve(req: IncomingMessage, res: ServerResponse): boolean {
    const started = performance.now();
    const url = req.url ?? '';
    if (req.method !== 'GET' || req.headers.authorization !== undefined || !url.startsWith('/api/') || this.shutdown.isShuttingDown) return false;
    const answer = this.cache.peek(this.keys.of(url));
    if (!answer) return false;
    const hit = this.counter.admitLocally(this.anonymousLimit(req));
    if (!hit) return false;

    const requestId = requestIdFor(req);
    // [name, value, name, value, …]: the fixed part copied, the rest added; Node takes headers in this form as is.
    const headers = this.fixedHeaders.slice();
    headers.push(
      REQUEST_ID_HEADER,
      requestId,
      RATE_LIMIT_HEADER,
      rateLimitItem({ policy: this.anonymous.policy, remaining: this.anonymous.limit - hit.totalHits, resetSeconds: hit.resetMs / 1_000 }),
    );
    const origin = allowedOrigin(this.cors, req.headers.origin);
    if (origin) headers.push('access-control-allow-origin', origin);
    const deprecated = versionPolicy(url);
    if (deprecated) for (const [name, value] of Object.entries(deprecationHeaders(deprecated))) headers.push(name, value);
    if (answer.etag) headers.push('etag', answer.etag);

    let status = 200;
    if (answer.etag && ifNoneMatchHits(req.headers['if-none-match'], answer.etag)) {
      // Conditional GET (RFC 9110 §13.1.2), as the onSend hook answers it: empty, no content headers.
      status = 304;
      headers.push('vary', VARY_ORIGIN);
      res.writeHead(status, headers);
      res.end();
    } else {
      const { bytes, encoding } = answer.bytes(negotiateEncoding(req.headers['accept-encoding']));
      headers.push('content-type', JSON_CONTENT_TYPE, 'content-length', String(bytes.length));
      if (encoding) headers.push('content-encoding', encoding, 'vary', withAcceptEncoding(VARY_ORIGIN));
      else headers.push('vary', VARY_ORIGIN);
      res.writeHead(status, headers);
      res.end(bytes);
    }
    const durationMs = performance.now() - started;
    observeHttpRequest(answer.route, 'GET', status, durationMs / 1_000);
    this.accessLog.info(
      { requestId, method: 'GET', route: answer.route, status, durationMs: Math.round(durationMs), cache: 'HIT' },
      `GET ${answer.route} ${status}`,
    );
    return true;
  }

  /** The guard's `global` limit for this request's client address. */
  private anonymousLimit(req: IncomingMessage): KeyedLimit {
    const key = rateLimitKey(this.redis.keyPrefix, this.anonymous.policy, clientIp({ ip: this.clientAddress(req) }));
    return { key, policy: this.anonymous.policy, limit: this.anonymous.limit, windowMs: this.anonymous.windowMs, blockMs: this.anonymous.blockMs };
  }
}

/** `Vary` as CORS sets it on every answer (the allowed origin is echoed); compression adds `accept-encoding`. */
const VARY_ORIGIN = 'Origin';
