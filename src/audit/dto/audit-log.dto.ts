import { ApiProperty } from '@nestjs/swagger';
import { CursorPageInfoDto } from '../../common/pagination/page.dto';
import type { AuditLogRow } from '../audit-log.repository';

export class AuditLogDto {
  @ApiProperty({ example: '1024' })
  id!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorId!: string | null;

  @ApiProperty({ type: String, example: 'admin', nullable: true })
  actorRole!: string | null;

  @ApiProperty({ example: 'product.update' })
  action!: string;

  @ApiProperty({ example: 'product' })
  resourceType!: string;

  @ApiProperty({ type: String, nullable: true })
  resourceId!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, example: { price: 1999 }, description: 'Changed fields, before' })
  oldValues!: Record<string, unknown> | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, example: { price: 2499 }, description: 'Changed fields, after' })
  newValues!: Record<string, unknown> | null;

  @ApiProperty({ type: String, nullable: true })
  ip!: string | null;

  @ApiProperty({ type: String, nullable: true })
  userAgent!: string | null;

  @ApiProperty({ type: String, nullable: true })
  requestId!: string | null;

  @ApiProperty({ enum: ['success', 'failure'] })
  outcome!: 'success' | 'failure';

  @ApiProperty({ type: String, nullable: true, example: 'FORBIDDEN' })
  errorCode!: string | null;

  @ApiProperty({ format: 'date-time', description: 'When the event happened; for a row counting repeats, when the first of them did' })
  createdAt!: string;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    example: 1,
    description:
      'How many identical events this row stands for. 1 for a single event. Repeated denied calls (same actor, route, action and outcome) ' +
      'within one window share a row: then the number of calls refused from createdAt until repeatUntil; ip, userAgent and requestId are those of the first.',
  })
  repeatCount!: number;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'For an event counted in repeatCount, the end of its window (exclusive): later repeats start a new row. Null for every other event.',
  })
  repeatUntil!: string | null;

  static from(row: AuditLogRow): AuditLogDto {
    const { position: _position, createdAt, repeatUntil, ...rest } = row;
    return { ...rest, createdAt: createdAt.toISOString(), repeatUntil: repeatUntil?.toISOString() ?? null } as AuditLogDto;
  }
}

export class AuditLogPageDto {
  @ApiProperty({ type: [AuditLogDto] })
  data!: AuditLogDto[];

  @ApiProperty({ type: CursorPageInfoDto })
  page!: CursorPageInfoDto;
}
