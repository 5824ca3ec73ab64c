import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { authConfig, type AuthConfig } from '../../config/auth.config';
import { ProblemException } from '../problem/problem.exception';

const SIGNATURE_BYTES = 16;

/**
 * Opaque keyset-pagination cursors: base64url JSON of the last row's sort key and id, with a truncated
 * HMAC so a client cannot forge a position. The key is derived (HKDF) from the refresh secret, so every
 * instance accepts every other's cursors.
 */
@Injectable()
export class CursorCodec {
  private readonly key: Buffer;

  constructor(@Inject(authConfig.KEY) auth: AuthConfig) {
    this.key = Buffer.from(hkdfSync('sha256', auth.refreshSecret, 'catalog-api', 'pagination-cursor', 32));
  }

  /**
   * A keyset page from a query that fetched `limit + 1` rows: the extra row only tells that there is more, and
   * the cursor points after the last row shown, at the position `positionOf` gives.
   */
  page<Row, Item>(rows: Row[], limit: number, toItem: (row: Row) => Item, positionOf: (last: Row) => Record<string, string | number>) {
    const hasMore = rows.length > limit;
    const shown = rows.slice(0, limit);
    const last = shown.at(-1);
    return { data: shown.map(toItem), page: { limit, hasMore, nextCursor: hasMore && last ? this.encode(positionOf(last)) : null } };
  }

  encode(position: Record<string, string | number>): string {
    const body = Buffer.from(JSON.stringify(position)).toString('base64url');
    return `${body}.${this.sign(body).toString('base64url')}`;
  }

  /** The decoded position, or a 400 problem if the cursor was altered or is not ours. */
  decode<T extends Record<string, string | number>>(cursor: string, isValid: (value: Record<string, unknown>) => value is T): T {
    const [body, signature] = cursor.split('.');
    const given = Buffer.from(signature ?? '', 'base64url');
    const expected = this.sign(body ?? '');
    if (!body || given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidCursor();
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(body, 'base64url').toString());
    } catch {
      throw invalidCursor();
    }
    if (typeof value !== 'object' || value === null || !isValid(value as Record<string, unknown>)) throw invalidCursor();
    return value as T;
  }

  private sign(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest().subarray(0, SIGNATURE_BYTES);
  }
}

function invalidCursor(): ProblemException {
  return new ProblemException(400, 'INVALID_CURSOR', { detail: 'The cursor is not valid; start again from the first page' });
}
