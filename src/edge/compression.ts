import { deflateSync, gzipSync } from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The encodings the API compresses answers with, preferred first. */
export const RESPONSE_ENCODINGS = ['gzip', 'deflate'] as const;
export type ResponseEncoding = (typeof RESPONSE_ENCODINGS)[number];

/** Bodies below this size are sent as they are. */
export const COMPRESSION_THRESHOLD_BYTES = 1_024;

export const ENCODERS: Record<ResponseEncoding, (bytes: Buffer) => Buffer> = { gzip: gzipSync, deflate: deflateSync };

// `*` and `x-gzip` mean gzip, as browsers and proxies send them.
const GZIP_ALIASES = /\*|x-gzip/g;
const COMPRESSIBLE = /^(application\/(.+\+)?json|application\/javascript|application\/xml|text\/)/i;

/** The encoding to answer a request's `Accept-Encoding` with, or undefined to send the body as is. */
export function negotiateEncoding(acceptEncoding: string | undefined): ResponseEncoding | undefined {
  if (acceptEncoding === undefined) return undefined;
  const chosen = negotiate(acceptEncoding.toLowerCase().replace(GZIP_ALIASES, 'gzip'), RESPONSE_ENCODINGS as unknown as string[]);
  return chosen === 'gzip' || chosen === 'deflate' ? chosen : undefined;
}

/** `Vary` with `accept-encoding` added. */
export function withAcceptEncoding(vary: string | number | string[] | undefined): string {
  const values = vary === undefined ? [] : Array.isArray(vary) ? vary : [String(vary)];
  return values.some((value) => value.toLowerCase().includes('accept-encoding')) ? values.join(', ') : [...values, 'accept-encoding'].join(', ');
}

/**
 * Response compression, as an `onSend` step of the edge: JSON and text bodies of 1 KiB or more, gzip or deflate as
 * the client accepts. An answer that is already encoded (a cached answer sends the form it compressed once per
 * entry) passes as is. Hand-written instead of @fastify/compress so that cached and routed answers are negotiated
 * by the same function, and so that a cache hit never compresses again: that cost more than the rest of the hit.
 * Streams (static files of the documentation pages) pass uncompressed.
 */
export function compressPayload(request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
  if (reply.statusCode < 200 || reply.statusCode === 204 || reply.statusCode === 206 || reply.hasHeader('content-encoding')) return payload;
  const contentType = reply.getHeader('content-type');
  if (typeof contentType !== 'string' || !COMPRESSIBLE.test(contentType)) return payload;
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  if (bytes.length < COMPRESSION_THRESHOLD_BYTES) return payload;
  const encoding = negotiateEncoding(request.headers['accept-encoding']);
  if (!encoding) return payload;
  const compressed = ENCODERS[encoding](bytes);
  reply
    .header('content-encoding', encoding)
    .header('content-length', compressed.length)
    .header('vary', withAcceptEncoding(reply.getHeader('vary')));
  return compressed;
}
