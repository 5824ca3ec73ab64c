import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { CHANGE_EVENT_TYPES } from '../../changes/change-event-types';
import { CursorPageInfoDto, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../../common/pagination/page.dto';
import type { DeliveryStatus, WebhookDeliveryRow } from '../webhook-deliveries.repository';

const DELIVERY_STATUSES: DeliveryStatus[] = ['pending', 'sending', 'delivered', 'failed'];

export class ListWebhookDeliveriesQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT, description: 'Page size' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit: number = DEFAULT_PAGE_LIMIT;

  @ApiPropertyOptional({ pattern: '^[0-9]{1,18}$', description: '`page.nextCursor` of the previous page; omit for the first page' })
  @IsOptional()
  @Matches(/^[0-9]{1,18}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

/** One event's delivery to one subscription, with its latest attempt. */
export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid', description: 'The event’s id, sent as `webhook-id` with every attempt' })
  eventId!: string;

  @ApiProperty({ enum: CHANGE_EVENT_TYPES })
  eventType!: string;

  @ApiProperty({ example: '1842', description: 'The event’s position in the change feed' })
  eventPosition!: string;

  @ApiProperty({ format: 'uuid' })
  resourceId!: string;

  @ApiProperty({ enum: DELIVERY_STATUSES })
  status!: DeliveryStatus;

  @ApiProperty({ type: 'integer', description: 'Attempts made so far' })
  attempts!: number;

  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When the next attempt is due, while pending' })
  nextAttemptAt!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'HTTP status of the latest attempt, null when there was no answer' })
  lastStatusCode!: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Duration of the latest attempt in milliseconds' })
  lastLatencyMs!: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'http status 503', description: 'Why the latest attempt failed' })
  lastError!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  deliveredAt!: string | null;

  static from(row: WebhookDeliveryRow): WebhookDeliveryDto {
    return {
      id: row.id,
      eventId: row.eventId,
      eventType: row.eventType,
      eventPosition: row.eventPosition,
      resourceId: row.resourceId,
      status: row.status,
      attempts: row.attempts,
      nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
      lastStatusCode: row.lastStatusCode,
      lastLatencyMs: row.lastLatencyMs,
      lastError: row.lastError,
      createdAt: row.createdAt.toISOString(),
      deliveredAt: row.deliveredAt?.toISOString() ?? null,
    };
  }
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto] })
  data!: WebhookDeliveryDto[];

  @ApiProperty({ type: CursorPageInfoDto })
  page!: CursorPageInfoDto;
}
