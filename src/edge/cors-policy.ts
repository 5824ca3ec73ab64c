import type { FastifyCorsOptions } from '@fastify/cors';
import { REQUEST_ID_HEADER } from '../common/context/request-id';

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
