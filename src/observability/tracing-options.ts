import type { IncomingMessage } from 'node:http';
import type { Span } from '@opentelemetry/api';
import { ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';

/** A raw request with its route template, set by the edge's first step while tracing is on (see request-pipeline.ts). */
export interface RoutedIncomingMessage extends IncomingMessage {
  routeTemplate?: string;
}

/** OTLP/HTTP's traces path under the collector base URL (`OTEL_EXPORTER_OTLP_ENDPOINT` semantics). */
export function otlpTracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

/**
 * Names a server span after its route template (`GET /api/v1/products/:idOrSlug`) and sets `http.route`, once
 * the request is done and Fastify has matched it. A request that matched no route keeps the bare method:
 * a name carrying raw paths (ids) would make one span name per resource.
 */
export function nameServerSpanByRoute(span: Span, request: object): void {
  const { routeTemplate, method } = request as Partial<RoutedIncomingMessage>;
  if (!routeTemplate || !method) return;
  span.setAttribute(ATTR_HTTP_ROUTE, routeTemplate);
  span.updateName(`${method} ${routeTemplate}`);
}

/** Redis commands are traced by name only: keys carry e-mail addresses (credential rate limits) and ids. */
export function redisStatement(command: string): string {
  return command;
}
