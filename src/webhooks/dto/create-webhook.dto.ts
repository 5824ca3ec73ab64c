import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { CHANGE_EVENT_TYPES, type ChangeEventType } from '../../changes/change-event-types';
import { OptionalNotNull } from '../../common/optional-not-null.decorator';
import { PlainTextLine, Trim } from '../../common/validation/sanitisers';

export class CreateWebhookDto {
  @ApiProperty({ maxLength: 2048, example: 'https://erp.example.com/hooks/catalog', description: 'HTTPS, on a public address' })
  @Trim()
  @IsString()
  @Length(1, 2048)
  url!: string;

  @ApiPropertyOptional({
    enum: CHANGE_EVENT_TYPES,
    isArray: true,
    example: ['product.created', 'product.updated'],
    description: 'The event types to deliver; empty or absent: all of them',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(CHANGE_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(CHANGE_EVENT_TYPES, { each: true })
  eventTypes?: ChangeEventType[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, example: 'ERP stock sync' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  @PlainTextLine()
  description?: string | null;

  @ApiPropertyOptional({ default: true, description: 'Whether events are delivered' })
  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;
}
