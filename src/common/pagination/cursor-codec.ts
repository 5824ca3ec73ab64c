import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { type Clock, KEY_ROTATION_CLOCK, previousKeysAccepted, systemClock } from '../../auth/key-rotation';
import { authConfig, type AuthConfig, type PreviousKeys } from '../../config/auth.config';
import { ProblemException } from '../problem/problem.exception';

const SIGNATURE_BYTES = 16;

const cursorKey = (secret: string) => Buffer.from(hkdfSync('sha256', secret, 'catalog-api', 'pagination-cursor', 32));

/**
 * Opaque keyset-pagination cursors: base64url JSON of the last row's sort key and id, with a truncated
 * HMAC so a client cannot forge a position. The key is derived (HKDF) from the refresh secret, so every
 * instance accepts every other's cursors. After a rotation of that secret, cursors signed with the previous
 * one stay valid until the grace period ends; new ones are always signed with the current key.
 */
@Injectable()
export class CursorCodec {
  private readonly key: Buffer;
  private readonly previousKey?: Buffer;
  private readonly previous?: PreviousKeys;

  constructor(
    @Inject(authConfig.KEY) auth: AuthConfig,
    @Optional() @Inject(KEY_ROTATION_CLOCK) private readonly clock: Clock = systemClock,
  ) {
    this.key = cursorKey(auth.refreshSecret);
    this.previous = auth.previousKeys;
    if (auth.previousKeys?.refreshSecret) this.previousKey = cursorKey(auth.previousKeys.refreshSecret);
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
    return `${body}.${this.sign(body, this.key).toString('base64url')}`;
  }

  /** The decoded position, or a 400 problem if the cursor was altered or is not ours. */
  decode<T extends Record<string, string | number>>(cursor: string, isValid: (value: Record<string, unknown>) => value is T): T {
    const [body, signature] = cursor.split('.');
    const given = Buffer.from(signature ?? '', 'base64url');
    if (!body || !this.verifyKeys().some((key) => matches(given, this.sign(body, key)))) throw invalidCursor();
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(body, 'base64url').toString());
    } catch {
      throw invalidCursor();
    }
    if (typeof value !== 'object' || value === null || !isValid(value as Record<string, unknown>)) throw invalidCursor();
    return value as T;
  }

  private verifyKeys(): Buffer[] {
    return this.previousKey && previousKeysAccepted(this.previous, this.clock) ? [this.key, this.previousKey] : [this.key];
  }

  private sign(body: string, key: Buffer): Buffer {
    return createHmac('sha256', key).update(body).digest().subarray(0, SIGNATURE_BYTES);
  }
}

function matches(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function invalidCursor(): ProblemException {
  return new ProblemException(400, 'INVALID_CURSOR', { detail: 'The cursor is not valid; start again from the first page' });
}
