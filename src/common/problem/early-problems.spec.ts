import { maxHeaderSize } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError } from 'fastify';
import { clientErrorAnswer, MAX_PARAM_LENGTH, routerErrorAnswer } from './early-problems';

const HEADERS = { 'x-content-type-options': 'nosniff' };

/** A socket that records what is written to it. */
function socket(state: { destroyed?: boolean; writable?: boolean; inFlight?: { headersSent: boolean } } = {}) {
  const written: string[] = [];
  const fake = {
    destroyed: state.destroyed ?? false,
    writable: state.writable ?? true,
    _httpMessage: state.inFlight,
    write: jest.fn((data: string) => written.push(data)),
    destroy: jest.fn(),
  };
  return { fake, socket: fake as unknown as Socket, written };
}

function parserError(code: string, packet?: string, bytesParsed = packet?.length): Error {
  return Object.assign(new Error('Parse Error'), { code, rawPacket: packet === undefined ? undefined : Buffer.from(packet, 'latin1'), bytesParsed });
}

/** Status, headers and body of the one HTTP answer written. */
function answerOf(written: string[]) {
  expect(written).toHaveLength(1);
  const [head, body] = written[0].split('\r\n\r\n');
  const [statusLine, ...fields] = head.split('\r\n');
  const headers = Object.fromEntries(fields.map((field) => field.split(': ')));
  expect(Number(headers['content-length'])).toBe(Buffer.byteLength(body));
  return { statusLine, headers, body: JSON.parse(body) };
}

describe(clientErrorAnswer.name, () => {
  const sut = clientErrorAnswer(HEADERS);

  it.each([
    ['a request line that does not fit', 'HPE_HEADER_OVERFLOW', `GET /${'a'.repeat(100)}`, 'HTTP/1.1 414 URI Too Long', 'URI_TOO_LONG', ''],
    [
      'headers that do not fit',
      'HPE_HEADER_OVERFLOW',
      `GET /health HTTP/1.1\r\nX-A: ${'a'.repeat(100)}`,
      'HTTP/1.1 431 Request Header Fields Too Large',
      'REQUEST_HEADER_FIELDS_TOO_LARGE',
      '/health',
    ],
    [
      'an overflow in a later packet (a 431: it cannot be told from a long header)',
      'HPE_HEADER_OVERFLOW',
      'a'.repeat(100),
      'HTTP/1.1 431 Request Header Fields Too Large',
      'REQUEST_HEADER_FIELDS_TOO_LARGE',
      '',
    ],
    ['a timeout', 'ERR_HTTP_REQUEST_TIMEOUT', undefined, 'HTTP/1.1 408 Request Timeout', 'REQUEST_TIMEOUT', ''],
    ['chunk extensions that do not fit', 'HPE_CHUNK_EXTENSIONS_OVERFLOW', undefined, 'HTTP/1.1 413 Payload Too Large', 'PAYLOAD_TOO_LARGE', ''],
    ['anything else', 'HPE_INVALID_METHOD', 'BREW /pot HTTP/1.1\r\n', 'HTTP/1.1 400 Bad Request', 'BAD_REQUEST', '/pot'],
  ])('answers %s with problem+json and closes the connection', (_, code, packet, statusLine, problemCode, instance) => {
    const { fake, socket: target, written } = socket();
    const error = parserError(code, packet);
    sut(error, target);
    const answer = answerOf(written);
    expect(answer.statusLine).toBe(statusLine);
    expect(answer.headers).toMatchObject({
      ...HEADERS,
      'content-type': 'application/problem+json; charset=utf-8',
      connection: 'close',
      'cache-control': 'no-store',
    });
    expect(answer.body).toEqual({
      type: 'about:blank',
      title: statusLine.slice(13),
      status: Number(statusLine.slice(9, 12)),
      detail: expect.any(String),
      instance,
      code: problemCode,
      requestId: answer.headers['x-request-id'],
    });
    expect(fake.destroy).toHaveBeenCalledWith(error);
  });

  it("names Node's header limit", () => {
    const { socket: target, written } = socket();
    sut(parserError('HPE_HEADER_OVERFLOW', 'GET / HTTP/1.1\r\nX: y'), target);
    expect(answerOf(written).body.detail).toBe(`The request line and headers exceed ${maxHeaderSize} bytes`);
  });

  it('writes nothing on a reset or closed connection, nor into an answer already started', () => {
    for (const [error, state] of [
      [parserError('ECONNRESET'), {}],
      [parserError('HPE_INVALID_METHOD'), { destroyed: true }],
      [parserError('HPE_INVALID_METHOD'), { writable: false }],
      [parserError('HPE_INVALID_METHOD'), { inFlight: { headersSent: true } }],
    ] as const) {
      const { fake, socket: target } = socket(state);
      sut(error, target);
      expect(fake.write).not.toHaveBeenCalled();
    }
  });
});

describe(routerErrorAnswer.name, () => {
  const sut = routerErrorAnswer(HEADERS);

  function answer(code: string, url: string) {
    const end = jest.fn();
    const writeHead = jest.fn(() => ({ end }));
    sut(Object.assign(new Error('router'), { code }) as FastifyError, { id: 'req-1', url, method: 'GET' }, { raw: { writeHead } });
    const [[status, headers]] = writeHead.mock.calls as unknown as Array<[number, Record<string, string>]>;
    return { status, headers, body: JSON.parse(end.mock.calls[0][0]) };
  }

  it('answers a path parameter over the limit with 414, and a malformed percent-encoding with 400', () => {
    const long = answer('FST_ERR_MAX_PARAM_LENGTH', `/api/v1/products/${'a'.repeat(300)}?x=1`);
    expect(long).toEqual({
      status: 414,
      headers: expect.objectContaining({ ...HEADERS, 'x-request-id': 'req-1', 'content-type': 'application/problem+json; charset=utf-8' }),
      body: expect.objectContaining({ code: 'URI_TOO_LONG', requestId: 'req-1', instance: `/api/v1/products/${'a'.repeat(300)}` }),
    });
    expect(long.body.detail).toBe(`A path segment is longer than ${MAX_PARAM_LENGTH} characters`);
    expect(answer('FST_ERR_BAD_URL', '/api/v1/products/%zz')).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST', instance: '/api/v1/products/%zz' } });
  });
});
