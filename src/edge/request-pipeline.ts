import cors from '@fastify/cors';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { JwtAuthGuard } from '../auth/guards/jwt-auth.guard';
import { RolesGuard } from '../auth/guards/roles.guard';
import { CatalogHits } from '../catalog/catalog-hits';
import { requestContextStorage } from '../common/context/request-context';
import { ifNoneMatchHits } from '../common/http/conditional-request';
import { LOGGERS } from '../common/logging/logging.module';
import type { Loggers } from '../common/logging/pino-options';
import { ShutdownState } from '../lifecycle/shutdown-state';
import { recordAnswer } from '../metrics/http-metrics';
import { hasTracerProvider } from '../observability/observability-runtime';
import type { RoutedIncomingMessage } from '../observability/tracing-options';
import { ClientRateLimit } from '../rate-limit/client-rate-limit';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard';
import { writeAccessLine } from './access-log';
import { compressPayload } from './compression';
import { EdgePolicy } from './edge-policy';

/**
 * Everything a request meets before and after its controller, in this order (Fastify runs hooks in the order they
 * are added, Nest runs global guards in the order given here; nothing depends on the order modules are imported):
 *
 * 1. `onRequest`, edge policy: security headers, request id, deprecation of the API version; the request's async
 *    context (request id, client address, user agent) for everything after.
 * 2. `onRequest`, CORS (@fastify/cors with the edge's policy): preflights are answered here.
 * 3. `onRequest`, the per-address limit (`global`): every request counts, refused and failing ones included;
 *    429 with `Retry-After` past it, before any authentication work.
 * 4. `onRequest`, catalog cache hits: an anonymous catalog GET this process holds is answered here.
 * 5. Nest guards: authentication (JwtAuthGuard), then roles (RolesGuard), then the per-user and credential
 *    limits (RateLimitGuard, which needs the user).
 * 6. Validation pipe, the route's own interceptors (cache, deprecation, audit, idempotency), the controller.
 * 7. `onSend`: default `Cache-Control: no-store`, conditional GET (304), `Connection: close` while draining,
 *    then compression.
 * 8. `onResponse`: the request metrics and the access line.
 *
 * Errors at any step become problem+json through ProblemDetailsFilter (Nest routes Fastify's errors there too).
 * Requests Node's HTTP parser refuses before Fastify sees them (414, 431, 408, 400) are answered problem+json on
 * the socket by the client-error handler (common/problem/early-problems.ts), without these steps.
 */
export async function installRequestPipeline(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const edge = app.get(EdgePolicy);
  const shutdown = app.get(ShutdownState);
  const access: Logger = app.get<Loggers>(LOGGERS).access;

  // 1.
  const tracing = hasTracerProvider();
  fastify.addHook('onRequest', (request, reply, done) => {
    edge.applyTo(request, reply);
    // For the server span's name (see nameServerSpanByRoute), read only while tracing.
    if (tracing) (request.raw as RoutedIncomingMessage).routeTemplate = request.routeOptions.url;
    requestContextStorage.run({ requestId: request.id, clientIp: request.ip, userAgent: request.headers['user-agent'] }, done);
  });
  // 2. Registered and awaited here (not app.enableCors) so its hook runs in this place.
  await app.register(cors, edge.cors);
  // 3.
  const clientLimit = app.get(ClientRateLimit);
  fastify.addHook('onRequest', (request, reply) => clientLimit.check(request, reply));
  // 4.
  const hits = app.get(CatalogHits);
  if (hits.enabled) {
    fastify.addHook('onRequest', (request, reply, done) => {
      if (!hits.serveOrPass(request, reply)) done();
    });
  }
  // 5.
  app.useGlobalGuards(app.get(JwtAuthGuard), app.get(RolesGuard), app.get(RateLimitGuard));
  // 7.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    // API answers are private and change with every write unless a route declares its own caching.
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    // While draining, close keep-alive connections after their last response so the server can stop.
    if (shutdown.isShuttingDown) reply.header('connection', 'close');
    // Conditional GET (RFC 9110 §13.1.2): a representation the client already holds is answered 304, empty.
    const etag = reply.getHeader('etag');
    if (
      (request.method === 'GET' || request.method === 'HEAD') &&
      reply.statusCode === 200 &&
      typeof etag === 'string' &&
      ifNoneMatchHits(request.headers['if-none-match'], etag)
    ) {
      reply.code(304).removeHeader('content-type').removeHeader('content-length').removeHeader('content-encoding');
      // No payload at all: Fastify then sends no Content-Length, which a 304 must not carry as 0 (RFC 9110 §8.6).
      done(null, null);
      return;
    }
    done(null, compressPayload(request, reply, payload));
  });
  // 8. One read of the route template (Fastify builds `routeOptions` anew on every read) for both.
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    recordAnswer(request, reply, route);
    writeAccessLine(access, request, reply, route);
    done();
  });
}
