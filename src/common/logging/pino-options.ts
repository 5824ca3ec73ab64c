import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { stdoutPrettifier } from '../../config/log-format';
import { requestContextStorage } from '../context/request-context';
import { serializeError } from './error-serializer';
import { traceLogFields } from '../../observability/trace-log-fields';
import { hasTracerProvider } from '../../observability/observability-runtime';

/**
 * Credentials never reach the logs (OWASP ASVS 7.1.1): headers that carry them and any body field named like
 * one, however deep a caller nests it. The access line (see edge/access-log.ts) carries neither headers nor
 * bodies, so it is written without this redaction walk.
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

/** What the request's log lines share: its request id, and the active span's trace and span ids when tracing is on. */
function requestFields(tracing: boolean): () => Record<string, string | undefined> {
  return () => {
    const requestId = requestContextStorage.getStore()?.requestId;
    const fields: Record<string, string | undefined> = tracing ? { ...traceLogFields() } : {};
    if (requestId) fields.requestId = requestId;
    return fields;
  };
}

/**
 * The application logger's options: level, redaction, errors without the data of failed statements, and the request
 * id and trace ids of the current request.
 */
export function appLoggerOptions(app: { logLevel: string }): LoggerOptions {
  return {
    level: app.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    serializers: { err: serializeError },
    // Read when each line is written, from the request's async context: no child logger per request.
    mixin: requestFields(hasTracerProvider()),
  };
}

/**
 * The two loggers of the process, on one stdout stream so that their lines never interleave: the application's
 * (Nest's and our `Logger` calls, redacted) and the access log's (one fixed-shape line per request, not redacted:
 * it holds no header values and no bodies). Buffered; {@link Loggers.flush} before the process exits.
 */
export interface Loggers {
  app: Logger;
  access: Logger;
  flush(): void;
}

export function createLoggers(app: { logLevel: string; nodeEnv?: string }, stream?: DestinationStream): Loggers {
  const pretty = () => (app.nodeEnv === undefined ? undefined : prettyStdout({ nodeEnv: app.nodeEnv }));
  const destination = stream ?? pretty() ?? pino.destination({ dest: 1, sync: false, minLength: 4_096 });
  const access = pino({ level: app.logLevel, mixin: hasTracerProvider() ? traceLogFields : undefined, base: { pid: process.pid } }, destination);
  return {
    app: pino(appLoggerOptions(app), destination),
    access,
    flush: () => {
      if ('flushSync' in destination && typeof destination.flushSync === 'function') destination.flushSync();
    },
  };
}

/**
 * Readable lines on stdout for a developer at a terminal (see {@link stdoutPrettifier}); undefined keeps pino's
 * JSON. The same fields and redaction either way: only the rendering of each finished line differs.
 */
export function prettyStdout(app: { nodeEnv: string }): DestinationStream | undefined {
  const prettify = stdoutPrettifier({ nodeEnv: app.nodeEnv, stdoutIsTerminal: Boolean(process.stdout.isTTY) }, loadPrettifier);
  if (!prettify) return undefined;
  // Synchronous: a person reads these, and the last lines before an exit must not be lost in a buffer.
  const stdout = pino.destination({ dest: 1, sync: true });
  return { write: (line: string) => stdout.write(prettify(line)) };
}

function loadPrettifier(): ((line: string) => string) | undefined {
  let pinoPretty: typeof import('pino-pretty');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a devDependency, loaded only for a terminal in development
    pinoPretty = require('pino-pretty');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
  return pinoPretty.prettyFactory({
    ignore: 'pid,hostname,context',
    messageFormat: '{if context}[{context}] {end}{msg}',
    translateTime: 'SYS:HH:MM:ss.l',
    singleLine: true,
  });
}
