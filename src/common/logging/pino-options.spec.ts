import { Writable } from 'node:stream';
import { context, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { requestContextStorage } from '../context/request-context';
import { markTracerProviderRegistered } from '../../observability/observability-runtime';
import { createLoggers } from './pino-options';

describe('loggers', () => {
  function capture() {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    return { loggers: createLoggers({ logLevel: 'info' }, stream), lines };
  }
  const parsed = (lines: string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

  it('redacts credentials in headers and body fields, however deep', () => {
    const { loggers, lines } = capture();
    loggers.app.info(
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

  it('logs a failed statement by what failed, without its parameters or the failing row', () => {
    const { loggers, lines } = capture();
    const driver = Object.assign(new DatabaseError('null value in column "role" of relation "users" violates not-null constraint', 0, 'error'), {
      severity: 'ERROR',
      code: '23502',
      detail: 'Failing row contains (7, ada@example.com, secret-hash, null).',
      table: 'users',
      column: 'role',
    });
    const error = new QueryFailedError('INSERT INTO users (email, password_hash) VALUES ($1, $2)', ['ada@example.com', 'secret-hash'], driver);
    loggers.app.error({ err: error, requestId: 'r-7' }, 'Unhandled error');
    loggers.app.error(error);
    for (const line of parsed(lines)) {
      expect(line.err).toMatchObject({ type: 'QueryFailedError', code: '23502', table: 'users', column: 'role', query: expect.stringContaining('$2') });
      expect(JSON.stringify(line)).not.toMatch(/secret-hash|ada@example\.com|Failing row/);
    }
    expect(lines).toHaveLength(2);
  });

  it('puts the request id on every application line written inside a request, without a child logger', () => {
    const { loggers, lines } = capture();
    requestContextStorage.run({ requestId: 'r-42' }, () => loggers.app.warn('inside'));
    loggers.app.warn('outside');
    const [inside, outside] = parsed(lines);
    expect(inside).toMatchObject({ msg: 'inside', requestId: 'r-42' });
    expect(outside).not.toHaveProperty('requestId');
  });

  it("puts the active span's trace and span ids on every line written inside it", () => {
    markTracerProviderRegistered();
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    try {
      const { loggers, lines } = capture();
      const span = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED };
      context.with(trace.setSpanContext(ROOT_CONTEXT, span), () => requestContextStorage.run({ requestId: 'r-1' }, () => loggers.app.info('inside')));
      loggers.app.info('outside');
      const [inside, outside] = parsed(lines);
      expect(inside).toMatchObject({ msg: 'inside', requestId: 'r-1', traceId: span.traceId, spanId: span.spanId });
      expect(outside).not.toHaveProperty('traceId');
    } finally {
      context.disable();
    }
  });
});
