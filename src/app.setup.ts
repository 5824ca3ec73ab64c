import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import middie from '@fastify/middie';
import { RequestMethod, VersioningType } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from './config/app.config';
import type { HttpConfig } from './config/http.config';
import { requestContextStorage } from './common/context/request-context';
import { REQUEST_ID_HEADER, requestIdFor } from './common/context/request-id';
import { CatalogFastPath } from './catalog/catalog-fast-path';
import { ifNoneMatchHits } from './common/http/conditional-request';
import { DEPRECATED_VERSIONS, deprecationHeaders, versionPolicy } from './common/http/deprecation';
import { RouteTable } from './common/http/route-table';
import { COMPRESSION_THRESHOLD_BYTES, RESPONSE_ENCODINGS } from './common/http/compression';
import { corsPluginOptions } from './common/http/cors-policy';
import { RequestFront } from './common/http/request-front';
import { apiSecurityHeaders, documentSecurityHeaders } from './common/http/security-headers';
import type { LoggedRequest } from './common/logging/pino-options';
import { ProblemDetailsFilter } from './common/problem/problem-details.filter';
import { ProblemDetails } from './common/problem/problem-details';
import { createValidationPipe } from './common/validation/validation.pipe';
import { ShutdownState } from './lifecycle/shutdown-state';
import { installHttpMetrics } from './metrics/http-metrics';

export const API_PREFIX = 'api';
export const DEFAULT_API_VERSION = '1';
/** Where `setupSwagger` serves Swagger UI and the OpenAPI document (`/docs`, `/docs-json`, `/docs-yaml`): HTML pages. */
const DOCS_PATH = '/docs';

/**
 * The Fastify adapter with the edge settings from HTTP config (body limit, proxies, request ids, TLS). Its server
 * offers each request to `front` first (see {@link RequestFront}); what `front` does not answer goes to Fastify.
 */
export function createFastifyAdapter(http: HttpConfig, front: RequestFront): FastifyAdapter {
  const tls = http.tls && { cert: readFileSync(http.tls.certFile), key: readFileSync(http.tls.keyFile) };
  return new FastifyAdapter({
    bodyLimit: http.bodyLimitBytes,
    trustProxy: http.trustProxy,
    genReqId: requestIdFor,
    requestIdHeader: false as const,
    // Answer 503 to requests that arrive while the server drains (default, stated for the reader).
    return503OnClosing: true,
    // Nest would register its middleware layer (pino-http) first; configureApp registers it after the hooks whose
    // request id and route template it logs.
    skipMiddie: true,
    // Fastify's own server set-up (see its getServerInstance), with the front in the request listener.
    serverFactory: (fastify: (req: IncomingMessage, res: ServerResponse) => void, fastifyOptions: Record<string, unknown>): Server => {
      const options = fastifyOptions as unknown as ServerTimeouts;
      const listener = (req: IncomingMessage, res: ServerResponse) => {
        if (!front.serve(req, res)) fastify(req, res);
      };
      const server = tls ? createTlsServer(tls, listener) : createServer(listener);
      server.keepAliveTimeout = options.keepAliveTimeout;
      server.requestTimeout = options.requestTimeout;
      server.setTimeout(options.connectionTimeout);
      return server;
    },
  });
}

/** The server options Fastify has filled in with its defaults when it calls `serverFactory`. */
interface ServerTimeouts {
  keepAliveTimeout: number;
  requestTimeout: number;
  connectionTimeout: number;
}

/**
 * Everything between Fastify and the controllers, shared by `main.ts` and the e2e tests so that tests
 * exercise the same stack: headers, CORS, compression, versioning, validation, errors, Swagger.
 */
export async function configureApp(app: NestFastifyApplication, config: { app: AppConfig; http: HttpConfig; front: RequestFront }): Promise<void> {
  app.useLogger(app.get(Logger));
  app.flushLogs();
  const fastify = app.getHttpAdapter().getInstance();
  installHttpMetrics(fastify);

  const routes = new RouteTable();
  fastify.addHook('onRoute', (route) => routes.add(route.method, route.url));
  const security = apiSecurityHeaders(config.app.isProduction);
  const documentSecurity = documentSecurityHeaders(config.app.isProduction);
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(request.url.startsWith(DOCS_PATH) ? documentSecurity : security);
    reply.header(REQUEST_ID_HEADER, request.id);
    // Read once here (Fastify builds `routeOptions` anew on every read) for the log line and the metrics.
    (request.raw as LoggedRequest).routeTemplate = request.routeOptions.url;
    // Everything after this hook (guards, services, repositories) runs inside the request's context.
    requestContextStorage.run({ requestId: request.id, clientIp: request.ip, userAgent: request.headers['user-agent'] }, done);
  });
  const shutdown = app.get(ShutdownState);
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
      reply.code(304).removeHeader('content-type').removeHeader('content-length');
      // No payload at all: Fastify then sends no Content-Length, which a 304 must not carry as 0 (RFC 9110 §8.6).
      done(null, null);
      return;
    }
    done(null, payload);
  });

  await app.register(compress, { threshold: COMPRESSION_THRESHOLD_BYTES, encodings: [...RESPONSE_ENCODINGS] });
  // Registered and awaited here (not app.enableCors) so its hook runs in a known order with the others.
  await app.register(cors, corsPluginOptions(config.http.corsAllowedOrigins));

  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  // A deprecated API version: its headers on every answer (the catalog fast path adds the same ones itself).
  if (Object.keys(DEPRECATED_VERSIONS).length) {
    fastify.addHook('onRequest', (request, reply, done) => {
      const policy = versionPolicy(request.url);
      if (policy) reply.headers(deprecationHeaders(policy));
      done();
    });
  }
  config.front.use(app.get(CatalogFastPath).handler());
  await app.register(middie);
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: DEFAULT_API_VERSION });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(routes));

  if (config.app.swaggerEnabled) setupSwagger(app);
}

function setupSwagger(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Catalog API')
      .setDescription('E-commerce catalog: products, categories, users. Errors are RFC 9457 application/problem+json.')
      .setVersion(DEFAULT_API_VERSION)
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
    { extraModels: [ProblemDetails] },
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
