import { ApiProperty } from '@nestjs/swagger';
import { CHANGE_EVENT_TYPES } from '../../changes/change-event-types';
import type { WebhookSubscriptionRow } from '../webhook-subscriptions.repository';

/** A subscription as staff see it: never its signing secrets. */
export class WebhookDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'https://erp.example.com/hooks/catalog' })
  url!: string;

  @ApiProperty({ enum: CHANGE_EVENT_TYPES, isArray: true, description: 'Empty: every event type' })
  eventTypes!: string[];

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty()
  enabled!: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'Why the service disabled it, until it is enabled again' })
  disabledReason!: string | null;

  @ApiProperty({ type: 'integer', description: 'Deliveries in a row that failed after all their attempts' })
  consecutiveFailures!: number;

  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'Until then the previous secret also signs deliveries' })
  previousSecretExpiresAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ type: 'integer' })
  version!: number;

  static from(row: WebhookSubscriptionRow): WebhookDto {
    return {
      id: row.id,
      url: row.url,
      eventTypes: row.eventTypes,
      description: row.description,
      enabled: row.enabled,
      disabledReason: row.disabledReason,
      consecutiveFailures: row.consecutiveFailures,
      previousSecretExpiresAt: row.previousSecretExpiresAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      version: row.version,
    };
  }
}

/** The answer to creating a subscription or rotating its secret: the only time the secret is shown. */
export class WebhookWithSecretDto extends WebhookDto {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'The signing secret, shown this once: store it now' })
  secret!: string;
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookDto] })
  data!: WebhookDto[];
}
