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
 * The CORS headers @fastify/cors adds to a simple (non-preflight) request under `options`: `Vary: Origin`
 * always (the origin option is never one fixed string), the origin echoed when it is allowed, and the exposed
 * headers. For code that answers before the plugin's hook runs; an e2e test holds the two to the same output.
 */
export function simpleRequestCorsHeaders(options: ReturnType<typeof corsPluginOptions>, origin: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { vary: 'Origin' };
  if (origin && (options.origin === true || options.origin.includes(origin))) headers['access-control-allow-origin'] = origin;
  headers['access-control-expose-headers'] = options.exposedHeaders as string;
  return headers;
}
