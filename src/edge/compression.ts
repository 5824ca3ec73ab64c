import { negotiate } from '@fastify/accept-negotiator';

/** The encodings the API compresses answers with (the compression plugin's `encodings`), preferred first. */
export const RESPONSE_ENCODINGS = ['gzip', 'deflate'] as const;
export type ResponseEncoding = (typeof RESPONSE_ENCODINGS)[number];

/** Bodies below this size are sent as they are (the compression plugin's `threshold`). */
export const COMPRESSION_THRESHOLD_BYTES = 1_024;

// As the compression plugin reads `Accept-Encoding`: `*` and `x-gzip` mean gzip.
const GZIP_ALIASES = /\*|x-gzip/g;

/**
 * The encoding the compression plugin would choose for `acceptEncoding`, or undefined to send the body as is.
 * Same negotiation library and aliases, so a cached answer is encoded as the same answer from a route would be.
 */
export function negotiateEncoding(acceptEncoding: string | undefined): ResponseEncoding | undefined {
  if (acceptEncoding === undefined) return undefined;
  const chosen = negotiate(acceptEncoding.toLowerCase().replace(GZIP_ALIASES, 'gzip'), RESPONSE_ENCODINGS as unknown as string[]);
  return chosen === 'gzip' || chosen === 'deflate' ? chosen : undefined;
}

/** `Vary` with `accept-encoding` added, as the compression plugin adds it to what it compresses. */
export function withAcceptEncoding(vary: string | number | string[] | undefined): string {
  const values = vary === undefined ? [] : Array.isArray(vary) ? vary : [String(vary)];
  return values.some((value) => value.toLowerCase().includes('accept-encoding')) ? values.join(', ') : [...values, 'accept-encoding'].join(', ');
}
