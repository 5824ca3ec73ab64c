import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';
import sanitizeHtml from 'sanitize-html';

/**
 * Free text stored as plain text: every tag is removed (content kept, scripts and styles dropped whole) by
 * sanitize-html, whitespace trimmed, and every other character kept as typed. Entities are not interpreted: text
 * that reads `&lt;b&gt;` is stored as those characters, never turned into `<b>`. Clients escape it on display.
 */
export function toPlainText(value: string): string {
  // Every `&` goes in as `&amp;`, so the parser reads the typed text back exactly, and every `&` in its output is
  // one it escaped: decoding `&amp;`, `&lt;` and `&gt;` then restores what was typed, and nothing more.
  const stripped = sanitizeHtml(value.replace(/&/g, '&amp;'), { allowedTags: [], allowedAttributes: {}, disallowedTagsMode: 'discard' });
  return stripped.replace(/&(amp|lt|gt);/g, (_, entity: 'amp' | 'lt' | 'gt') => ({ amp: '&', lt: '<', gt: '>' })[entity]).trim();
}

/**
 * Text that an HTML parser would still read as the start of a tag, a comment or a declaration. Removing tags can
 * leave one behind (`<<b>script>` gives `<script>`, and raw-text elements such as `<xmp>` hold markup as text);
 * such input is refused rather than stored. `5 < 6` and `<3` are prose, not tags.
 */
const NO_TAG_START = /^(?!.*<[A-Za-z/!?])/s;

/**
 * Sanitises a string property to plain text, and refuses it when what remains would still read as markup;
 * non-strings pass through to fail their type check.
 */
export const PlainText = () =>
  applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? toPlainText(value) : value)),
    Matches(NO_TAG_START, { message: ({ property }) => `${property} must be plain text; what is left once its tags are removed still reads as markup` }),
  );
