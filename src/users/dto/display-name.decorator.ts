import { applyDecorators } from '@nestjs/common';
import { IsString, Length } from 'class-validator';
import { PlainTextLine, Trim } from '../../common/validation/sanitisers';

export const DISPLAY_NAME_MAX_LENGTH = 100;

/** A user's display name: trimmed, 1 to 100 characters, one line of plain text. */
export const DisplayName = () => applyDecorators(Trim(), IsString(), Length(1, DISPLAY_NAME_MAX_LENGTH), PlainTextLine());
