import { Writable } from 'node:stream';
import pino from 'pino';
import { writeAccessLine } from './access-log';

describe(writeAccessLine.name, () => {
  function capture() {
    const lines: Array<Record<string, unknown>> = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    return { logger: pino({ level: 'info' }, stream), lines };
  }
  const request = { id: 'r-7', method: 'GET', url: '/api/v1/products?limit=2', headers: { 'user-agent': 'shop/1.0', authorization: 'Bearer secret' } };
  const reply = (statusCode: number, headers: Record<string, string> = {}) => ({ statusCode, elapsedTime: 3.4, getHeader: (name: string) => headers[name] });

  it('writes one flat line with the request id, method, URL, user agent, status, route, duration and cache outcome', () => {
    const { logger, lines } = capture();
    writeAccessLine(logger, request as never, reply(200, { 'x-cache': 'HIT' }) as never, '/api/v1/products');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'GET /api/v1/products 200',
        requestId: 'r-7',
        method: 'GET',
        url: '/api/v1/products?limit=2',
        userAgent: 'shop/1.0',
        status: 200,
        route: '/api/v1/products',
        durationMs: 3,
        cache: 'HIT',
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret');
  });

  it('logs client errors as warnings and server errors as errors, and names an unmatched route', () => {
    const { logger, lines } = capture();
    writeAccessLine(logger, request as never, reply(404) as never, undefined);
    writeAccessLine(logger, request as never, reply(503) as never, '/api/v1/products');
    expect(lines.map(({ level, msg, route }) => ({ level, msg, route }))).toEqual([
      { level: 40, msg: 'GET (no route) 404', route: null },
      { level: 50, msg: 'GET /api/v1/products 503', route: '/api/v1/products' },
    ]);
    expect(lines[0]).not.toHaveProperty('cache');
  });
});
