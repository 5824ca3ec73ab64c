import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CHANGE_EVENT_TYPES, type ChangeEventType } from '../change-event-types';

export const DEFAULT_CHANGES_LIMIT = 100;
export const MAX_CHANGES_LIMIT = 500;
export const MAX_WAIT_SECONDS = 30;

export class ListChangesQueryDto {
  @ApiPropertyOptional({ description: 'A cursor from an earlier page or event; omitted, the feed starts at its oldest retained event' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;

  @ApiPropertyOptional({
    enum: CHANGE_EVENT_TYPES,
    isArray: true,
    description: 'Event types to return, repeated or comma-separated in one value (all when omitted)',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',') : value))
  @IsArray()
  @ArrayMaxSize(CHANGE_EVENT_TYPES.length)
  @IsIn(CHANGE_EVENT_TYPES, { each: true, message: `types must be a comma-separated list of: ${CHANGE_EVENT_TYPES.join(', ')}` })
  types?: ChangeEventType[];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_CHANGES_LIMIT, default: DEFAULT_CHANGES_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_CHANGES_LIMIT)
  limit: number = DEFAULT_CHANGES_LIMIT;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_WAIT_SECONDS,
    default: 0,
    description: 'Long polling: with nothing new, wait up to this many seconds for the next change before answering an empty page',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_WAIT_SECONDS)
  wait: number = 0;
}
