import { Transform } from 'class-transformer';
import sanitizeHtml from 'sanitize-html';

/**
 * Free text stored as plain text: every tag is removed (content kept, scripts and styles dropped whole) by
 * sanitize-html, entities decoded back to characters, whitespace trimmed. Clients escape it on display.
 */
export function toPlainText(value: string): string {
  const stripped = sanitizeHtml(value, { allowedTags: [], allowedAttributes: {}, disallowedTagsMode: 'discard' });
  return decodeEntities(stripped).trim();
}

// sanitize-html escapes &, <, > and quotes in text; this is plain text, so store the characters themselves.
function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, entity: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[entity]!);
}

/** Sanitises a string property to plain text; non-strings pass through to fail their type check. */
export const PlainText = () => Transform(({ value }) => (typeof value === 'string' ? toPlainText(value) : value));
