import { Writable } from 'node:stream';
import { context, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import pino from 'pino';
import { markTracerProviderRegistered } from '../../observability/observability-runtime';
import { buildPinoOptions } from './pino-options';

describe('pino options', () => {
  function capture() {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const options = buildPinoOptions({ logLevel: 'info', isProduction: true });
    const logger = pino({ level: 'info', redact: options.redact, mixin: options.mixin }, stream);
    return { logger, lines };
  }

  it('redacts credentials in headers and body fields, however deep', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        req: { headers: { authorization: 'Bearer eyJhbGciOi.secret', cookie: 'sid=abc', 'user-agent': 'jest' } },
        password: 'hunter2hunter2',
        body: { refreshToken: 'rt-123', nested: { newPassword: 'p4ssw0rd-new' } },
      },
      'login attempt',
    );
    const line = lines.join('');
    expect(line).toContain('jest');
    for (const secret of ['eyJhbGciOi', 'sid=abc', 'hunter2hunter2', 'rt-123', 'p4ssw0rd-new']) expect(line).not.toContain(secret);
    expect(line).toContain('[REDACTED]');
  });

  it('logs one line per request at a level that follows the status', () => {
    const options = buildPinoOptions({ logLevel: 'info', isProduction: false });
    const level = options.customLogLevel!;
    const req = {} as never;
    expect(level(req, { statusCode: 200 } as never, undefined)).toBe('info');
    expect(level(req, { statusCode: 404 } as never, undefined)).toBe('warn');
    expect(level(req, { statusCode: 503 } as never, undefined)).toBe('error');
    expect(options.quietReqLogger).toBe(true);
  });

  it('adds no mixin while no tracing SDK was started (lines pay nothing for it)', () => {
    expect(buildPinoOptions({ logLevel: 'info', isProduction: true }).mixin).toBeUndefined();
  });

  it("puts the active span's trace and span ids on every line written inside it", () => {
    markTracerProviderRegistered();
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    try {
      const { logger, lines } = capture();
      const span = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED };
      context.with(trace.setSpanContext(ROOT_CONTEXT, span), () => logger.child({ requestId: 'r-1' }).info('inside'));
      logger.info('outside');
      const [inside, outside] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(inside).toMatchObject({ msg: 'inside', requestId: 'r-1', traceId: span.traceId, spanId: span.spanId });
      expect(outside).not.toHaveProperty('traceId');
    } finally {
      context.disable();
    }
  });
});
