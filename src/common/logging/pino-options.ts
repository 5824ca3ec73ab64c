import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DestinationStream, Level } from 'pino';
import type { Options } from 'pino-http';
import { requestIdFor } from '../context/request-id';
import { traceLogMixin } from '../../observability/trace-log-fields';

/** Raw request fields the Fastify `onRequest` hook adds for the log line. */
export interface LoggedRequest extends IncomingMessage {
  /** The matched route template (`/api/v1/products/:id`), never the raw URL, to keep log cardinality low. */
  routeTemplate?: string;
}

/**
 * Credentials never reach the logs (OWASP ASVS 7.1.1): headers that carry them and any body field named like
 * one, however deep the serialiser or a caller nests it.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...['password', 'currentPassword', 'newPassword', 'token', 'accessToken', 'refreshToken', 'secret', 'authorization', 'cookie'].flatMap((key) => [
    key,
    `*.${key}`,
    `*.*.${key}`,
  ]),
];

export function buildPinoOptions(app: { logLevel: string; isProduction: boolean }, stream?: DestinationStream): Options<LoggedRequest, ServerResponse> {
  return {
    level: app.logLevel,
    stream,
    genReqId: (req) => req.id ?? requestIdFor(req),
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    // traceId/spanId of the active span on every line, so a log line leads to its trace (and back).
    mixin: traceLogMixin(),
    // One line per request, at the end; the request line itself would double the log volume.
    quietReqLogger: true,
    customLogLevel: (_req, res, error): Level => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: (req, res) => `${req.method} ${req.routeTemplate ?? '(no route)'} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${req.routeTemplate ?? '(no route)'} ${res.statusCode}`,
    customSuccessObject: (req, res, value: Record<string, unknown>) => ({ ...value, route: req.routeTemplate ?? null }),
    customErrorObject: (req, res, _error, value: Record<string, unknown>) => ({ ...value, route: req.routeTemplate ?? null }),
    serializers: {
      req: (req: LoggedRequest) => ({
        method: req.method,
        url: req.url,
        userAgent: req.headers?.['user-agent'],
      }),
      res: (res: ServerResponse & { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}
