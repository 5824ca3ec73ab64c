import { randomUUID } from 'node:crypto';
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import type { FastifyError } from 'fastify';
import { captureServerError } from '../../observability/observability-runtime';
import { REQUEST_ID_HEADER } from '../context/request-id';
import { ErrorCode } from './error-code';
import { PROBLEM_CONTENT_TYPE, problemBody } from './problem-details';

/**
 * The longest path parameter a route accepts (Fastify's `maxParamLength`, 100 by default): the longest is a
 * product slug, 220 characters. A longer one matches no route and is answered 414.
 */
export const MAX_PARAM_LENGTH = 256;

const logger = new Logger('ProblemDetails');

/** What the router's refusal needs of Fastify's request and reply (whichever server type they are typed for). */
interface RoutedRequest {
  id: unknown;
  url: string;
  method: string;
}
/** The router answers on the raw response, as Fastify's own default does: no reply hook applies to it. */
interface RouterReply {
  raw: { writeHead(status: number, headers: Record<string, string>): { end(body: string): unknown } };
}

interface Problem {
  status: number;
  code: ErrorCode;
  detail: string;
}

/**
 * Fastify's `frameworkErrors`: the router's refusals (a path parameter over {@link MAX_PARAM_LENGTH}, a malformed
 * percent-encoding in the path) come before any hook or route, so the exception filter never sees them. They get
 * the same problem+json, with `headers` (the edge's security headers) and the request id.
 */
export function routerErrorAnswer(headers: Readonly<Record<string, string>>) {
  return (error: FastifyError, request: RoutedRequest, reply: RouterReply): void => {
    const problem = routerProblem(error);
    const requestId = String(request.id);
    if (problem.status >= 500) {
      logger.error({ err: error, requestId }, 'Unhandled error');
      captureServerError(error, { status: problem.status, method: request.method, requestId });
    }
    const body = JSON.stringify(problemBody({ ...problem, instance: request.url.split('?')[0], requestId }));
    reply.raw.writeHead(problem.status, answerHeaders(headers, requestId, body)).end(body);
  };
}

function routerProblem(error: FastifyError): Problem {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return { status: 414, code: ErrorCode.UriTooLong, detail: `A path segment is longer than ${MAX_PARAM_LENGTH} characters` };
  }
  if (error.code === 'FST_ERR_BAD_URL') return { status: 400, code: ErrorCode.BadRequest, detail: 'The path holds a malformed percent-encoding' };
  return { status: 500, code: ErrorCode.InternalError, detail: 'An unexpected error occurred; quote the request id to support' };
}

/** What Node attaches to an HTTP parser error (`clientError`); Fastify's typing of `rawPacket` is not the real Buffer. */
interface ParserError extends Error {
  code?: string;
  bytesParsed?: number;
  rawPacket?: Buffer;
}

/**
 * Fastify's `clientErrorHandler` (Node's `clientError`): requests the HTTP parser refuses before there is a request
 * object, answered on the raw socket with problem+json instead of Fastify's own JSON. The request line and
 * headers over Node's `maxHeaderSize` (16 KiB) are a 431, or a 414 when the request line alone did not fit; a
 * request that timed out is a 408, any other malformed request a 400. The connection is closed after the answer.
 */
export function clientErrorAnswer(headers: Readonly<Record<string, string>>) {
  return (connectionError: Error, socket: Socket): void => {
    const error: ParserError = connectionError;
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    // As Node's own handler: never write into a response to an earlier request on this connection.
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (socket.writable && !inFlight?.headersSent) socket.write(rawAnswer(clientProblem(error), requestLineOf(error), headers));
    socket.destroy(error);
  };
}

function clientProblem(error: ParserError): Problem {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return requestLineUnfinished(error)
        ? {
            status: 414,
            code: ErrorCode.UriTooLong,
            detail: `The request target does not fit in the ${maxHeaderSize} bytes allowed for the request line and headers`,
          }
        : { status: 431, code: ErrorCode.RequestHeaderFieldsTooLarge, detail: `The request line and headers exceed ${maxHeaderSize} bytes` };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, code: ErrorCode.PayloadTooLarge, detail: 'The chunk extensions of the body are too large' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: ErrorCode.RequestTimeout, detail: 'The request did not arrive in time' };
    default:
      return { status: 400, code: ErrorCode.BadRequest, detail: 'The request is not valid HTTP/1.1' };
  }
}

const REQUEST_LINE_START = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+ /;

/**
 * Whether the parser gave up inside the request line: the packet it failed on starts a request and has no line
 * break before the point of failure. A request line split over several packets cannot be told from one huge
 * header line, and stays a 431.
 */
function requestLineUnfinished({ rawPacket, bytesParsed }: ParserError): boolean {
  if (!rawPacket || bytesParsed === undefined) return false;
  const parsed = rawPacket.subarray(0, bytesParsed);
  return REQUEST_LINE_START.test(parsed.subarray(0, 32).toString('latin1')) && !parsed.includes(0x0a);
}

/** The path of the request line at the start of the failing packet, when the parser read that line in full. */
function requestLineOf({ rawPacket, bytesParsed }: ParserError): string {
  const parsed = rawPacket?.subarray(0, bytesParsed);
  const end = parsed?.indexOf('\r\n') ?? -1;
  if (!parsed || end === -1) return '';
  const target = parsed.subarray(0, end).toString('latin1').split(' ')[1] ?? '';
  return target.startsWith('/') ? target.split('?')[0] : '';
}

/**
 * The whole HTTP/1.1 answer as bytes: the socket has no response object. `instance` is the request path when the
 * request line could be read, else empty (a reference to the request's own URI, RFC 3986 §4.4).
 */
function rawAnswer(problem: Problem, instance: string, headers: Readonly<Record<string, string>>): string {
  const requestId = randomUUID();
  const body = JSON.stringify(problemBody({ ...problem, instance, requestId }));
  const head = Object.entries({ ...answerHeaders(headers, requestId, body), connection: 'close' }).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n${head.join('')}\r\n${body}`;
}

function answerHeaders(headers: Readonly<Record<string, string>>, requestId: string, body: string): Record<string, string> {
  return {
    ...headers,
    [REQUEST_ID_HEADER]: requestId,
    'cache-control': 'no-store',
    'content-type': `${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
    'content-length': String(Buffer.byteLength(body)),
  };
}
