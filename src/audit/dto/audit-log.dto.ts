import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CursorPageInfoDto } from '../../common/pagination/page.dto';
import type { AuditLogRow } from '../audit-log.repository';

export class AuditLogDto {
  @ApiProperty({ example: '1024' })
  id!: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  actorId!: string | null;

  @ApiPropertyOptional({ example: 'admin', nullable: true })
  actorRole!: string | null;

  @ApiProperty({ example: 'product.update' })
  action!: string;

  @ApiProperty({ example: 'product' })
  resourceType!: string;

  @ApiPropertyOptional({ nullable: true })
  resourceId!: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, example: { price: 1999 }, description: 'Changed fields, before' })
  oldValues!: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, example: { price: 2499 }, description: 'Changed fields, after' })
  newValues!: Record<string, unknown> | null;

  @ApiPropertyOptional({ nullable: true })
  ip!: string | null;

  @ApiPropertyOptional({ nullable: true })
  userAgent!: string | null;

  @ApiPropertyOptional({ nullable: true })
  requestId!: string | null;

  @ApiProperty({ enum: ['success', 'failure'] })
  outcome!: 'success' | 'failure';

  @ApiPropertyOptional({ nullable: true, example: 'FORBIDDEN' })
  errorCode!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  static from(row: AuditLogRow): AuditLogDto {
    const { position: _position, createdAt, ...rest } = row;
    return { ...rest, createdAt: createdAt.toISOString() } as AuditLogDto;
  }
}

export class AuditLogPageDto {
  @ApiProperty({ type: [AuditLogDto] })
  data!: AuditLogDto[];

  @ApiProperty({ type: CursorPageInfoDto })
  page!: CursorPageInfoDto;
}
