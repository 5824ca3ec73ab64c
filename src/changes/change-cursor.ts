import { ErrorCode } from '../common/problem/error-code';
import { ProblemException } from '../common/problem/problem.exception';

const PREFIX = 'chg_';

/**
 * A feed position, opaque to consumers. Unsigned, unlike list cursors: whoever may read the feed may read all of it,
 * so a forged position gains nothing, and a consumer's stored cursor must outlive any key rotation.
 */
export function encodeChangeCursor(position: bigint): string {
  return PREFIX + Buffer.from(position.toString(36)).toString('base64url');
}

export function decodeChangeCursor(cursor: string): bigint {
  const body = cursor.startsWith(PREFIX) ? Buffer.from(cursor.slice(PREFIX.length), 'base64url').toString() : '';
  if (!/^[0-9a-z]{1,13}$/.test(body)) {
    throw new ProblemException(400, ErrorCode.InvalidCursor, { detail: 'after is not a change-feed cursor' });
  }
  return [...body].reduce((value, digit) => value * 36n + BigInt(parseInt(digit, 36)), 0n);
}
