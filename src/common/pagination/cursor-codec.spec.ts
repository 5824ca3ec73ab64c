import { authConfigFrom } from '../../config/auth.config';
import { ProblemException } from '../problem/problem.exception';
import { CURSOR_LISTS, CursorCodec, type ListCursors } from './cursor-codec';

const REFRESH = 'refresh-secret-'.padEnd(40, 'r');
const OLD_REFRESH = 'old-refresh-secret-'.padEnd(40, 'o');
const until = new Date(Date.now() + 3_600_000);
const position = { c: '2030-01-01T00:00:00.000000Z', i: '00000000-0000-4000-8000-000000000000' };
const isPosition = (value: Record<string, unknown>): value is typeof position => typeof value.c === 'string' && typeof value.i === 'string';
const codecFor = (env: Record<string, string>, clock?: () => number) => new CursorCodec(authConfigFrom({ JWT_ACCESS_SECRET: 'a'.repeat(32), ...env }), clock);

/** The answer a client would get: a 400 problem with INVALID_CURSOR, or the decoded position. */
function outcome(sut: ListCursors, cursor: string): unknown {
  try {
    return sut.decode(cursor, isPosition);
  } catch (error) {
    if (error instanceof ProblemException) return { status: error.getStatus(), code: error.code };
    throw error;
  }
}
const INVALID = { status: 400, code: 'INVALID_CURSOR' };

describe(CursorCodec.name, () => {
  let now: number;
  let codec: CursorCodec;
  let sut: ListCursors;
  const before = codecFor({ JWT_REFRESH_SECRET: OLD_REFRESH }).of('users');

  beforeEach(() => {
    now = Date.now();
    codec = codecFor({ JWT_REFRESH_SECRET: REFRESH, JWT_REFRESH_PREVIOUS_SECRET: OLD_REFRESH, JWT_PREVIOUS_KEYS_UNTIL: until.toISOString() }, () => now);
    sut = codec.of('users');
  });

  it('round-trips its own cursors and refuses altered ones with a 400 problem', () => {
    const cursor = sut.encode(position);
    expect(outcome(sut, cursor)).toEqual(position);
    const [, signature] = cursor.split('.');
    const altered = `${Buffer.from(JSON.stringify({ ...position, i: 'x' })).toString('base64url')}.${signature}`;
    expect(outcome(sut, altered)).toEqual(INVALID);
    expect(outcome(sut, 'no-signature')).toEqual(INVALID);
  });

  it('signs with the current secret: an instance still on the previous one refuses new cursors', () => {
    expect(outcome(before, sut.encode(position))).toEqual(INVALID);
  });

  it('accepts cursors signed before the rotation until the grace period ends, then refuses them', () => {
    const old = before.encode(position);
    expect(outcome(sut, old)).toEqual(position);
    now = until.getTime();
    expect(outcome(sut, old)).toEqual(INVALID);
    expect(outcome(sut, sut.encode(position))).toEqual(position);
  });

  it('refuses cursors signed with any other secret', () => {
    const stranger = codecFor({ JWT_REFRESH_SECRET: 'stranger-secret-'.padEnd(40, 's') }).of('users');
    expect(outcome(sut, stranger.encode(position))).toEqual(INVALID);
  });

  it("accepts a list's cursor on that list only: another list's, signed with the same secret, is refused", () => {
    for (const issuer of CURSOR_LISTS) {
      const cursor = codec.of(issuer).encode(position);
      for (const reader of CURSOR_LISTS)
        expect({ issuer, reader, outcome: outcome(codec.of(reader), cursor) }).toEqual({ issuer, reader, outcome: reader === issuer ? position : INVALID });
    }
  });

  it('pages: a cursor after the last row shown only when the query found one more row', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const page = sut.page(
      rows,
      2,
      (row) => row.id,
      (last) => ({ c: position.c, i: last.id }),
    );
    expect(page).toEqual({ data: ['a', 'b'], page: { limit: 2, hasMore: true, nextCursor: expect.any(String) } });
    expect(outcome(sut, page.page.nextCursor!)).toEqual({ c: position.c, i: 'b' });
    expect(
      sut.page(
        rows,
        3,
        (row) => row.id,
        () => position,
      ).page,
    ).toEqual({ limit: 3, hasMore: false, nextCursor: null });
  });
});
