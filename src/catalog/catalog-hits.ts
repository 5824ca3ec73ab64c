import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catalogConfig, type CatalogConfig } from '../config/catalog.config';
import { negotiateEncoding, withAcceptEncoding } from '../edge/compression';
import { ShutdownState } from '../lifecycle/shutdown-state';
import { CatalogCache } from './catalog-cache';
import { CacheKeys, publicCacheControl, setCachedAnswerHeaders } from './catalog-cache.interceptor';

/**
 * Answers anonymous catalog GETs whose answer this process already holds, as a step of the edge (a Fastify
 * `onRequest` hook after the per-address limit; see request-pipeline.ts), so that they skip Nest's router,
 * guards and interceptors: the shoppers' hot path. Everything else about the answer (security headers, CORS,
 * request id, rate-limit headers, 304, metrics, access line) is the edge's, as for any answer. The body goes out
 * as bytes in the form the client accepts, compressed once per entry.
 *
 * It passes (Nest handles the request) when the request carries an `Authorization` header (a valid token gets the
 * signed-in view; an invalid one is served from the cache by the route, as anonymous), when this process holds no
 * entry, while its view of the shared catalog state is not live (see CatalogState: the route then reads the
 * database), or during shutdown. CATALOG_CACHE_FAST_PATH=false turns it off.
 */
@Injectable()
export class CatalogHits {
  private readonly logger = new Logger(CatalogHits.name);
  private readonly keys = new CacheKeys();
  private readonly cacheControl: string;

  constructor(
    private readonly cache: CatalogCache,
    private readonly shutdown: ShutdownState,
    @Inject(catalogConfig.KEY) private readonly config: CatalogConfig,
  ) {
    this.cacheControl = publicCacheControl(config);
  }

  get enabled(): boolean {
    return this.config.cache.enabled && this.config.cache.fastPath;
  }

  /** {@link serve}, except that a failure lets the route answer instead (logged): a hit is an optimisation. */
  serveOrPass(request: FastifyRequest, reply: FastifyReply): boolean {
    try {
      return this.serve(request, reply);
    } catch (error) {
      this.logger.error(`A cached answer could not be sent; the route answers instead: ${error instanceof Error ? error.stack : String(error)}`);
      return false;
    }
  }

  /** Sends the held answer and returns true, or returns false having touched nothing. */
  serve(request: FastifyRequest, reply: FastifyReply): boolean {
    if (request.method !== 'GET' || request.headers.authorization !== undefined || this.shutdown.isShuttingDown) return false;
    const answer = this.cache.peek(this.keys.of(request.url));
    if (!answer) return false;
    const { bytes, encoding } = answer.bytes(negotiateEncoding(request.headers['accept-encoding']));
    setCachedAnswerHeaders(reply, 'HIT', this.cacheControl, answer);
    if (encoding) reply.header('content-encoding', encoding).header('vary', withAcceptEncoding(reply.getHeader('vary')));
    void reply.send(bytes);
    return true;
  }
}
