import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';

/** Trims surrounding whitespace; non-strings pass through to fail their type check. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** Trims and lower-cases an email address, so one address is one account whatever its casing. */
export const NormaliseEmail = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

// Angle brackets (markup) and C0/C1 control characters, including newlines that could forge log lines.
const PLAIN_TEXT_LINE = /^[^<>\p{Cc}]*$/u;

/** A single line of plain text: no markup, no control characters. */
export const PlainTextLine = () =>
  Matches(PLAIN_TEXT_LINE, { message: ({ property }) => `${property} must be plain text without markup or control characters` });
