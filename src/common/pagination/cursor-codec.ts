import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { type Clock, KEY_ROTATION_CLOCK, previousKeysAccepted, systemClock } from '../../auth/key-rotation';
import { authConfig, type AuthConfig } from '../../config/auth.config';
import { ErrorCode } from '../problem/error-code';
import { ProblemException } from '../problem/problem.exception';

const SIGNATURE_BYTES = 16;

/** The lists that hand out cursors. Each signs with a key of its own, so a cursor is accepted only by its list. */
export const CURSOR_LISTS = ['products', 'categories', 'users', 'audit-logs', 'api-keys'] as const;
export type CursorList = (typeof CURSOR_LISTS)[number];

type Position = Record<string, string | number>;

/** One page of a keyset-paginated list. */
export interface CursorPage<Item> {
  data: Item[];
  page: { limit: number; hasMore: boolean; nextCursor: string | null };
}

/** The cursors of one list: signed with that list's key, and only cursors signed with it are accepted. */
export class ListCursors {
  constructor(
    private readonly key: Buffer,
    /** The keys a cursor may be signed with right now: this one, and the previous secret's during its grace period. */
    private readonly verifyKeys: () => Buffer[],
  ) {}

  /**
   * A keyset page from a query that fetched `limit + 1` rows: the extra row only tells that there is more, and the
   * cursor points after the last row shown, at the position `positionOf` gives.
   */
  page<Row, Item>(rows: Row[], limit: number, toItem: (row: Row) => Item, positionOf: (last: Row) => Position): CursorPage<Item> {
    const hasMore = rows.length > limit;
    const shown = rows.slice(0, limit);
    const last = shown.at(-1);
    return { data: shown.map(toItem), page: { limit, hasMore, nextCursor: hasMore && last ? this.encode(positionOf(last)) : null } };
  }

  encode(position: Position): string {
    const body = Buffer.from(JSON.stringify(position)).toString('base64url');
    return `${body}.${sign(body, this.key).toString('base64url')}`;
  }

  /** The decoded position, or a 400 problem if the cursor was altered, belongs to another list, or is not ours. */
  decode<T extends Position>(cursor: string, isValid: (value: Record<string, unknown>) => value is T): T {
    const [body, signature] = cursor.split('.');
    const given = Buffer.from(signature ?? '', 'base64url');
    if (!body || !this.verifyKeys().some((key) => matches(given, sign(body, key)))) throw invalidCursor();
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(body, 'base64url').toString());
    } catch {
      throw invalidCursor();
    }
    if (typeof value !== 'object' || value === null || !isValid(value as Record<string, unknown>)) throw invalidCursor();
    return value as T;
  }
}

/**
 * Opaque keyset-pagination cursors: base64url JSON of the last row's sort key and id, with a truncated HMAC so a
 * client cannot forge a position. Each list's key is derived (HKDF) from the refresh secret and the list's name:
 * every instance accepts every other's cursors, and a cursor of one list (an audit-log position) is refused by
 * another (the users list) before its position can reach a query. After a rotation of that secret, cursors signed
 * with the previous one stay valid until the grace period ends; new ones are always signed with the current key.
 */
@Injectable()
export class CursorCodec {
  private readonly lists = new Map<CursorList, ListCursors>();

  constructor(@Inject(authConfig.KEY) auth: AuthConfig, @Optional() @Inject(KEY_ROTATION_CLOCK) clock: Clock = systemClock) {
    const previousSecret = auth.previousKeys?.refreshSecret;
    for (const list of CURSOR_LISTS) {
      const info = `pagination-cursor:${list}`;
      const key = cursorKey(auth.refreshSecret, info);
      const previousKey = previousSecret ? cursorKey(previousSecret, info) : undefined;
      const verifyKeys = () => (previousKey && previousKeysAccepted(auth.previousKeys, clock) ? [key, previousKey] : [key]);
      this.lists.set(list, new ListCursors(key, verifyKeys));
    }
  }

  /** The cursors of `list`. */
  of(list: CursorList): ListCursors {
    return this.lists.get(list)!;
  }
}

const cursorKey = (secret: string, info: string) => Buffer.from(hkdfSync('sha256', secret, 'catalog-api', info, 32));

function sign(body: string, key: Buffer): Buffer {
  return createHmac('sha256', key).update(body).digest().subarray(0, SIGNATURE_BYTES);
}

function matches(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function invalidCursor(): ProblemException {
  return new ProblemException(400, ErrorCode.InvalidCursor, { detail: 'The cursor is not valid for this list; start again from the first page' });
}
