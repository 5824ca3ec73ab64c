import { COMPRESSION_THRESHOLD_BYTES, ENCODERS, type ResponseEncoding } from '../edge/compression';
import type { CachedAnswer } from './catalog-cache';

/**
 * A cached answer held in this process as bytes ready to write: the UTF-8 body, and each compressed form the
 * first time a client asks for it. Compressing a page per request costs more than everything else a cache hit
 * does; once per entry it costs nothing.
 */
export class EncodedAnswer {
  /** The body's bytes: held once (not beside the string as well), so that the same memory keeps twice the entries. */
  readonly identity: Buffer;
  readonly etag: string | undefined;
  readonly headers: Record<string, string> | undefined;
  private readonly encoded = new Map<ResponseEncoding, Buffer>();

  /**
   * @param answer as stored
   * @param route the template of the route that produced it (`/api/v1/products`), for metrics and logs
   */
  constructor(
    answer: CachedAnswer,
    readonly route: string,
  ) {
    this.identity = Buffer.from(answer.body, 'utf8');
    this.etag = answer.etag;
    this.headers = answer.headers;
  }

  /** The answer as stored, for a route that sends a string (decoding 10 kB costs microseconds). */
  get answer(): CachedAnswer {
    return { body: this.identity.toString('utf8'), etag: this.etag, headers: this.headers };
  }

  /** The bytes to send for `encoding` (undefined: as is); small bodies are never compressed. */
  bytes(encoding: ResponseEncoding | undefined): { bytes: Buffer; encoding?: ResponseEncoding } {
    if (!encoding || this.identity.length < COMPRESSION_THRESHOLD_BYTES) return { bytes: this.identity };
    let bytes = this.encoded.get(encoding);
    if (!bytes) {
      bytes = ENCODERS[encoding](this.identity);
      this.encoded.set(encoding, bytes);
    }
    return { bytes, encoding };
  }
}
