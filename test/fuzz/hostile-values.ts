import fc from 'fast-check';
import type { Schema } from './openapi-document';

/**
 * Values chosen to break parsers, validators and the database: each list is what a hostile or careless client
 * sends, in the place it sends it. Header values stay within what HTTP/1.1 can carry (visible ASCII and obs-text);
 * URL fragments marked raw go into the request target unencoded.
 */

/** Text of any kind (encoded where it goes into a URL, escaped in JSON). */
export const HOSTILE_TEXT: readonly string[] = [
  '\u0000',
  'a\u0000b',
  '%00',
  '%E9',
  '%',
  '',
  ' ',
  '\t\r\n',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '-1',
  '-0',
  '0',
  '1.5',
  '0x10',
  '+1',
  ' 1 ',
  '9007199254740993',
  '123456789012345678901234567890',
  'true',
  'TRUE',
  '[]',
  '{}',
  '[object Object]',
  '__proto__',
  'constructor',
  '<script>alert(1)</script>',
  '<b>bold</b>',
  '<',
  "' OR '1'='1",
  '"; DROP TABLE products; --',
  '\\',
  '${7*7}',
  '{{7*7}}',
  '../../../etc/passwd',
  '😀',
  '\uD800',
  '\uDFFF\uD800',
  '\u202Eevil',
  '\u200B',
  '\u2028',
  '\uFEFF',
  'e\u0301',
  'İ',
  'ß',
  'ＡＢＣ',
  'é'.repeat(130),
  'x'.repeat(255),
  'x'.repeat(257),
  'x'.repeat(1025),
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '3F1C8A4E-2B7D-4C1E-9A55-0D6C3E7B9F12',
  '{3f1c8a4e-2b7d-4c1e-9a55-0d6c3e7b9f12}',
  '3f1c8a4e2b7d4c1e9a550d6c3e7b9f12',
  '3f1c8a4e-2b7d-4c1e-9a55-0d6c3e7b9f12x',
  '3f1c8a4e-2b7d-0c1e-9a55-0d6c3e7b9f12',
  // Full-text and LIKE syntax, for search and prefix filters.
  'a & b',
  '!a | b:*',
  'a <-> b',
  '(a',
  ':*',
  "o'clock",
  'a\\',
  '%_%',
  '*',
];

/** Date-time text: out of range for JavaScript or PostgreSQL, impossible dates, other ISO 8601 spellings. */
export const HOSTILE_DATES: readonly string[] = [
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '+010000-01-01T00:00:00Z',
  '2020-02-30T00:00:00Z',
  '2020-13-01T00:00:00Z',
  '2020-01-01T24:00:00Z',
  '2016-12-31T23:59:60Z',
  '2020-01-01',
  '2020-01-01T00:00:00',
  '2020-01-01T00:00:00+25:00',
  '2020-01-01T00:00:00.123456789Z',
  '2020-W01',
  '1970-01-01T00:00:00Z',
  'now',
  'infinity',
  '-infinity',
  'epoch',
];

/** Numbers as text (query values) and as JSON (bodies): column and type boundaries, inexact and non-decimal forms. */
export const HOSTILE_NUMBER_TEXTS: readonly string[] = [
  '-1',
  '0',
  '-0',
  '1.5',
  '1e3',
  '1e400',
  'NaN',
  'Infinity',
  '0x10',
  '0b1',
  '1_000',
  '1,2',
  ' 1',
  '',
  '2147483647',
  '2147483648',
  '-2147483649',
  '9007199254740993',
  '١',
  '１',
];
export const BOUNDARY_NUMBERS: readonly number[] = [
  0,
  1,
  -1,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31),
  -(2 ** 31) - 1,
  2 ** 53 - 1,
  1_000_000,
  1_000_001,
  -1_000_000,
  -1_000_001,
];

/** Addresses that stress normalisation and validation: case, Unicode, IP literals, lengths. */
export const HOSTILE_EMAILS: readonly string[] = [
  'A@B.COM',
  'a@b',
  '@',
  'a@',
  '@b.de',
  'a@.de',
  'a@de.',
  'a+b@c.de',
  '"a b"@c.de',
  'a@[127.0.0.1]',
  'İ@x.de',
  'ß@straße.de',
  'a@xn--',
  ` a@b.de `,
  `${'a'.repeat(250)}@b.de`,
  `a@${'b'.repeat(300)}.de`,
];

/** Pieces of a request target that go in raw: malformed percent-encodings, overlong UTF-8, characters left unescaped. */
export const RAW_URL_FRAGMENTS: readonly string[] = [
  '%E9',
  '%',
  '%%',
  '%G0',
  '%0',
  '%C0%AF',
  '%ED%A0%80',
  '%FF%FE',
  '%00',
  'a%00b',
  '%u0041',
  '%2e%2e',
  '%2F',
  '%5C',
  '%20',
  '+',
  "'",
  '"',
  '<',
  '>',
  '|',
  '{',
  '}',
  '^',
  '`',
  '\\',
  '[',
  ']',
  ';',
  ',',
  '!',
  '*',
  '(',
  ')',
  '~',
  '$',
  '@',
  ':',
];

/** Raw additions to a query string. */
export const RAW_QUERY_FRAGMENTS: readonly string[] = [
  '&',
  '&&&',
  '=',
  '==',
  'a=%',
  '%00=1',
  '%E9=%E9',
  '=%E9',
  'limit',
  'limit=',
  'limit=1&limit=2',
  ';',
  '%3D=%26',
];

/** JSON values that are not what any field wants (numbers JSON cannot carry exactly are in {@link RAW_JSON_NUMBERS}). */
export const HOSTILE_JSON: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  0.5,
  1.5,
  -2.5,
  2 ** 31,
  2 ** 53,
  Number.MAX_SAFE_INTEGER + 2,
  1e21,
  1e308,
  -1e308,
  Number.MIN_VALUE,
  [],
  [null],
  ['a', 'b'],
  [1, 2, 3],
  {},
  { a: 1 },
  { $gt: '' },
];

/** Number literals written into the JSON text as they are: beyond double range, beyond 64 bits, negative zero. */
export const RAW_JSON_NUMBERS: readonly string[] = ['1e400', '-1e400', '123456789012345678901234567890', '-0', '0.0000000000000000000001', '1E2', '100.0'];

/** Names of fields and parameters the document does not declare (or declares elsewhere): mass assignment and parser tricks. */
export const UNKNOWN_NAMES: readonly string[] = [
  'role',
  'isAdmin',
  'id',
  'version',
  'createdAt',
  'deletedAt',
  'password',
  'email',
  'disabled',
  'userId',
  'limit',
  'cursor',
  'page',
  'sort',
  'q',
  'include',
  'force',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  ' ',
  'NAME',
  'Name',
  'name ',
  'price[]',
  'limit[]',
  'limit[a]',
  'a.b',
  '$where',
  'x'.repeat(300),
  '\u0000',
  'é',
];

export const HOSTILE_CONTENT_TYPES: readonly string[] = [
  'application/json; charset=utf-16',
  'application/JSON',
  'application/json;',
  'text/json',
  'application/vnd.api+json',
  'application/merge-patch+json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'multipart/form-data; boundary=x',
  '*/*',
  'application/json, text/plain',
  'application/json; charset=latin1',
];

/** Bodies as raw text: truncated, doubled, encoded oddly. */
export const HOSTILE_BODY_TEXTS: readonly string[] = [
  '',
  ' ',
  '{',
  '{"a":',
  '[',
  '"unterminated',
  'null',
  'true',
  '1',
  '"text"',
  '{"a":1}{"b":2}',
  '{"a":1,"a":2}',
  '\uFEFF{}',
  '\u0000',
  '{"\u0000":1}',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  "{'single':'quotes'}",
  'name=x&name=y',
  'sku=a&name=b&price=1',
];

export const HOSTILE_HEADERS: Readonly<Record<string, readonly string[]>> = {
  'x-request-id': ['', ' ', 'fuzz-request-1', '-leading-dash', 'x'.repeat(128), 'x'.repeat(129), 'has space', '../etc', 'caf\u00e9', 'a,b'],
  'if-match': ['', '*', '"', 'W/"1-abc"', '"1-abc", W/"2-def"', 'garbage', '"'.repeat(40), ',,,', '"999999999999999-AAAAAAAAAAAA"', '*, "1-abc"'],
  'if-none-match': ['', '*', '"', 'W/"1-abc"', 'garbage', ',,,', '"1-abc", *'],
  'idempotency-key': ['', ' ', 'x'.repeat(256), 'has space', 'caf\u00e9', 'fuzz-key-1', 'fuzz-key-2'],
  accept: ['text/html', 'application/xml', 'application/problem+json', '*/*', 'application/json;q=0', '', 'image/png', 'garbage', 'application/*'],
  'accept-encoding': ['gzip', 'br', 'deflate', 'identity;q=0', '*;q=0', 'gzip;q=0, identity;q=0', 'compress', 'x'],
  authorization: [
    'Bearer',
    'Bearer ',
    'Bearer x',
    'Basic dXNlcjpwYXNz',
    'Token abc',
    'Bearer a.b.c',
    'Bearer eyJhbGciOiJub25lIiwidHlwIjoiYXQrand0In0.eyJzdWIiOiIxIiwicm9sZSI6ImFkbWluIn0.',
    `Bearer ${'a'.repeat(4000)}`,
  ],
};

/** JSON nested `depth` levels deep (the app refuses more than 32 before parsing). */
export function nested(depth: number, as: 'array' | 'object'): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = as === 'array' ? [value] : { a: value };
  return value;
}

/**
 * Hostile values for a field or parameter of this schema: mostly the kind that breaks its type (boundaries and
 * inexact numbers, impossible dates, malformed ids, enum members in the wrong case, lengths just past the limit),
 * the rest from the general lists. Query and path values are text; body values are any JSON.
 */
export function hostileFor(schema: Schema, location: 'query' | 'body'): fc.Arbitrary<unknown> {
  const specific: Array<fc.Arbitrary<unknown>> = [];
  const text = (values: readonly string[]) => specific.push(fc.constantFrom(...values));
  if (schema.format === 'date-time' || schema.format === 'date') text(HOSTILE_DATES);
  if (schema.format === 'email') text(HOSTILE_EMAILS);
  if (schema.format === 'uuid') text(HOSTILE_TEXT.filter((value) => /^[{]?[0-9a-f]{8}/i.test(value)));
  if (schema.type === 'integer' || schema.type === 'number') {
    text(HOSTILE_NUMBER_TEXTS);
    if (location === 'body') specific.push(fc.constantFrom(...BOUNDARY_NUMBERS, 0.5, 1e308, -1e308));
  }
  if (schema.type === 'boolean')
    specific.push(location === 'body' ? fc.constantFrom('true', 1, 0, null, 'false') : fc.constantFrom('TRUE', '1', 'yes', '', 'true ', 'null'));
  const members = (schema.enum ?? schema.items?.enum ?? []).filter((member): member is string => typeof member === 'string');
  if (members.length) {
    specific.push(
      fc
        .constantFrom(...members)
        .chain((member) =>
          fc.constantFrom(member.toUpperCase(), ` ${member}`, `${member} `, `${member}\u0000`, member.slice(1), `${member},${member}`, `${member},`),
        ),
    );
  }
  if (schema.maxLength !== undefined)
    specific.push(fc.constantFrom('x'.repeat(schema.maxLength), 'x'.repeat(schema.maxLength + 1), 'é'.repeat(schema.maxLength + 1)));
  if (schema.minLength) specific.push(fc.constant('x'.repeat(schema.minLength - 1)));
  const general = location === 'body' ? hostileJsonValue : hostileText;
  return specific.length ? fc.oneof({ weight: 2, arbitrary: fc.oneof(...specific) }, { weight: 1, arbitrary: general }) : general;
}

/** Hostile JSON for a field: wrong types, out-of-range and inexact numbers, deep nesting, text that breaks things. */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_JSON) },
  { weight: 1, arbitrary: fc.double() },
  {
    weight: 1,
    arbitrary: fc
      .record({ depth: fc.constantFrom(8, 31, 32, 33, 64, 1500), as: fc.constantFrom('array' as const, 'object' as const) })
      .map(({ depth, as }) => nested(depth, as)),
  },
  { weight: 1, arbitrary: fc.constantFrom(5001, 20_000).map((length) => 'a'.repeat(length)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

/** Hostile text for a path segment or a query value, sent percent-encoded. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(4000, 9000).map((length) => 'q'.repeat(length)) },
);

/** A raw (unencoded) piece of a request target: malformed encodings among ordinary characters. */
export const rawUrlText: fc.Arbitrary<string> = rawText(RAW_URL_FRAGMENTS);

/**
 * The same for a path segment, without `\` and `%2e%2e`: `app.inject` parses its URL as a browser would (WHATWG),
 * turning `\` into `/` and dropping `..` segments, so they would reach another route than the one over HTTP.
 */
export const rawPathText: fc.Arbitrary<string> = rawText(RAW_URL_FRAGMENTS.filter((fragment) => fragment !== '\\' && fragment !== '%2e%2e'));

function rawText(fragments: readonly string[]): fc.Arbitrary<string> {
  return fc.array(fc.oneof(fc.constantFrom(...fragments), fc.stringMatching(/^[a-z0-9]{1,4}$/)), { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
}
