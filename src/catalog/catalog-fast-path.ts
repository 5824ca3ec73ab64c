import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import pino, { type Logger } from 'pino';
import { appConfig, type AppConfig } from '../config/app.config';
import { catalogConfig, type CatalogConfig } from '../config/catalog.config';
import { traceLogMixin } from '../observability/trace-log-fields';
import { RateLimiter } from '../rate-limit/rate-limiter';
import { CatalogCache } from './catalog-cache';
import { cacheKey } from './catalog-cache.interceptor';

/**
 * Serves anonymous catalog GETs whose answer this process already holds straight from a Fastify `onRequest`
 * hook, before Nest's router, middleware and interceptors: the shoppers' hot path. What still applies is what
 * such a request needs: security headers, CORS, the request id (earlier hooks), the per-IP rate limit (shared
 * counters with the guard), `Cache-Control`, ETag/304 (the `onSend` hook) and a compact log line.
 * Everything else (Redis hits, misses, signed-in callers) takes the normal path through Nest.
 */
@Injectable()
export class CatalogFastPath implements OnApplicationShutdown {
  /**
   * Access lines for served hits: a plain pino logger (nothing to redact: no headers, no bodies) writing to
   * stdout through a small buffer. pino-http's per-request child logger and redaction cost about a third of
   * this path's throughput; this costs a fraction of that. Flushed at shutdown.
   */
  private readonly accessLog: Logger;

  constructor(
    private readonly cache: CatalogCache,
    private readonly rateLimiter: RateLimiter,
    @Inject(catalogConfig.KEY) private readonly config: CatalogConfig,
    @Inject(appConfig.KEY) app: AppConfig,
  ) {
    this.accessLog = pino({ level: app.logLevel, mixin: traceLogMixin() }, pino.destination({ dest: 1, sync: false, minLength: 4_096 }));
  }

  onApplicationShutdown(): void {
    this.accessLog.flush();
  }

  /**
   * Adds the hook. Called while the app is configured, before `init()`: Nest's middleware layer (request
   * context, pino-http) registers its own `onRequest` hook at `init()`, and this one must run before it.
   */
  install(fastify: FastifyInstance): void {
    if (!this.config.cache.enabled || !this.config.cache.fastPath) return;
    fastify.addHook('onRequest', (request, reply) => this.serve(request, reply));
  }

  /** Returns the reply when this hook answered (Fastify then stops the request's lifecycle here). */
  private async serve(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    if (request.method !== 'GET' || request.headers.authorization || !request.url.startsWith('/api/')) return;
    const answer = this.cache.peek(cacheKey(request.url));
    if (!answer) return;
    // Refused: the limiter has sent the 429.
    if (!(await this.rateLimiter.admitAnonymous(request, reply))) return reply;
    reply
      .header('x-cache', 'HIT')
      .header('cache-control', `public, max-age=${this.config.cache.maxAgeSeconds}`)
      .header('content-type', 'application/json; charset=utf-8');
    if (answer.etag) reply.header('etag', answer.etag);
    reply.raw.once('finish', () => this.log(request, reply));
    return reply.send(answer.body);
  }

  // One short line per served hit, without pino-http's per-request child logger and serialisers.
  private log(request: FastifyRequest, reply: FastifyReply): void {
    this.accessLog.info(
      {
        requestId: request.id,
        method: request.method,
        route: request.routeOptions.url,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime),
        cache: 'HIT',
      },
      `GET ${request.routeOptions.url} ${reply.statusCode}`,
    );
  }
}
