import { readFileSync } from 'node:fs';
import { RequestMethod, VersioningType } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from './config/app.config';
import type { HttpConfig } from './config/http.config';
import { requestIdFor } from './common/context/request-id';
import { installBodyParsers } from './common/http/body-parsers';
import { clientErrorAnswer, MAX_PARAM_LENGTH, routerErrorAnswer } from './common/problem/early-problems';
import { ProblemDetailsFilter } from './common/problem/problem-details.filter';
import { createValidationPipe } from './common/validation/validation.pipe';
import { installRequestPipeline } from './edge/request-pipeline';
import { RouteTable } from './edge/route-table';
import { setupApiDocs } from './openapi/api-document';
import { apiSecurityHeaders } from './edge/security-headers';

export const API_PREFIX = 'api';
export const DEFAULT_API_VERSION = '1';

/**
 * The Fastify adapter with the edge settings from HTTP config (body limit, proxies, request ids, TLS), and
 * problem+json for what the router and Node's HTTP parser refuse before any hook runs (414, 431, 400, 408).
 */
export function createFastifyAdapter(http: HttpConfig, app: Pick<AppConfig, 'isProduction'>): FastifyAdapter {
  const https = http.tls && { cert: readFileSync(http.tls.certFile), key: readFileSync(http.tls.keyFile) };
  const securityHeaders = apiSecurityHeaders(app.isProduction);
  return new FastifyAdapter({
    bodyLimit: http.bodyLimitBytes,
    // The client address (`request.ip`) every limit, log line and audit row uses.
    trustProxy: http.trustProxy,
    genReqId: requestIdFor,
    requestIdHeader: false as const,
    // Answer 503 to requests that arrive while the server drains (default, stated for the reader).
    return503OnClosing: true,
    // No middleware layer: nothing registers Express-style middleware (see LoggingModule).
    skipMiddie: true,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: routerErrorAnswer(securityHeaders),
    clientErrorHandler: clientErrorAnswer(securityHeaders),
    ...(https ? { https } : {}),
  });
}

/**
 * Everything between Fastify and the controllers, shared by `main.ts` and the e2e tests so that tests
 * exercise the same stack. The order a request meets it in is declared in one place: request-pipeline.ts.
 */
export async function configureApp(app: NestFastifyApplication, config: { app: AppConfig }): Promise<void> {
  app.useLogger(app.get(Logger));
  app.flushLogs();
  const fastify = app.getHttpAdapter().getInstance();
  const routes = new RouteTable();
  fastify.addHook('onRoute', (route) => routes.add(route.method, route.url));

  await installRequestPipeline(app);
  installBodyParsers(app);

  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: DEFAULT_API_VERSION });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(routes));

  if (config.app.swaggerEnabled) await setupApiDocs(app, DEFAULT_API_VERSION);
}
