import type { FastifyCorsOptions } from '@fastify/cors';
import { REQUEST_ID_HEADER } from '../context/request-id';

/** The CORS policy of the API as @fastify/cors options; lists are joined once here, not on every request. */
export function corsPluginOptions(allowedOrigins: readonly string[]): FastifyCorsOptions & { origin: true | string[] } {
  return {
    origin: allowedOrigins.includes('*') ? true : [...allowedOrigins],
    methods: 'GET, HEAD, POST, PUT, PATCH, DELETE',
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key', REQUEST_ID_HEADER].join(', '),
    exposedHeaders: [
      'ETag',
      'Location',
      'Retry-After',
      'RateLimit',
      'RateLimit-Policy',
      'Deprecation',
      'Sunset',
      'Link',
      'Idempotent-Replayed',
      'X-Cache',
      REQUEST_ID_HEADER,
    ].join(', '),
    maxAge: 3_600,
  };
}

/**
 * The `Access-Control-Allow-Origin` @fastify/cors sends for a simple (non-preflight) request from `origin` under
 * `options`: the origin echoed when it is allowed, else none. With it the plugin always sends `Vary: Origin` (the
 * origin option is never one fixed string) and the exposed headers. For code that answers before the plugin's
 * hook runs; an e2e test holds the two to the same output.
 */
export function allowedOrigin(options: ReturnType<typeof corsPluginOptions>, origin: string | undefined): string | undefined {
  return origin && (options.origin === true || options.origin.includes(origin)) ? origin : undefined;
}
