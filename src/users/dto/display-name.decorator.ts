import { applyDecorators } from '@nestjs/common';
import { IsString, Length, Matches } from 'class-validator';
import { PlainTextLine, Trim } from '../../common/validation/sanitisers';

export const DISPLAY_NAME_MAX_LENGTH = 100;

/**
 * No bidirectional controls (embeddings, overrides, isolates and marks: U+202A–U+202E, U+2066–U+2069, U+200E,
 * U+200F, U+061C), which reorder the text shown around a name so that it can pose as another or disguise what
 * follows it (CVE-2021-42574), and no U+2028 or U+2029, which break lines as a newline does.
 */
const NO_BIDI_CONTROLS_OR_SEPARATORS = /^[^\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]*$/;

/**
 * A user's display name: trimmed, 1 to 100 characters, one line of plain text: no markup and no control characters
 * (C0 and C1 controls, bidirectional controls, line and paragraph separators).
 */
export const DisplayName = () =>
  applyDecorators(
    Trim(),
    IsString(),
    Length(1, DISPLAY_NAME_MAX_LENGTH),
    PlainTextLine(),
    Matches(NO_BIDI_CONTROLS_OR_SEPARATORS, { message: ({ property }) => `${property} must be plain text without bidirectional controls or line separators` }),
  );
