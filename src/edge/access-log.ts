import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Level, Logger } from 'pino';

/**
 * One line per answered request, at the end, in a fixed shape: request id, method, URL, user agent, status,
 * route template (low cardinality, for grouping), duration and, for catalog answers, the cache outcome. Written
 * by a plain pino logger: no per-request child logger, no serialisers, no redaction walk (nothing here is a
 * header value beyond the user agent, or a body). Flat fields of strings and numbers only: a nested object
 * sends pino through its safe stringifier, which cost this line four times as much (measured on cache hits).
 */
export function writeAccessLine(logger: Logger, request: FastifyRequest, reply: FastifyReply, route: string | undefined): void {
  const status = reply.statusCode;
  const level: Level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
  if (!logger.isLevelEnabled(level)) return;
  const cache = reply.getHeader('x-cache');
  logger[level](
    {
      requestId: request.id,
      method: request.method,
      url: request.url,
      userAgent: request.headers['user-agent'],
      status,
      route: route ?? null,
      durationMs: Math.round(reply.elapsedTime),
      cache,
    },
    `${request.method} ${route ?? '(no route)'} ${status}`,
  );
}
