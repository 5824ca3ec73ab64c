import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { CanonicalUuid } from '../../common/canonical-id';
import { CursorPageQueryDto } from '../../common/pagination/page.dto';

export class ListAuditLogsQueryDto extends CursorPageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The user who acted' })
  @IsOptional()
  @CanonicalUuid()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ example: 'product' })
  @IsOptional()
  @Matches(/^[a-z_]{1,32}$/, { message: 'resourceType must be a resource name such as product' })
  resourceType?: string;

  @ApiPropertyOptional({ description: 'The id of the resource (with resourceType); a UUID matches in either case' })
  @IsOptional()
  @CanonicalUuid()
  @IsString()
  @MaxLength(64)
  resourceId?: string;

  @ApiPropertyOptional({ example: 'product.update' })
  @IsOptional()
  @Matches(/^[a-z_]{1,32}\.[a-z_]{1,31}$/, { message: 'action must look like product.update' })
  action?: string;

  @ApiPropertyOptional({ enum: ['success', 'failure'] })
  @IsOptional()
  @IsIn(['success', 'failure'])
  outcome?: 'success' | 'failure';

  @ApiPropertyOptional({ format: 'date-time', description: 'From this instant (inclusive)' })
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Until this instant (exclusive)' })
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;
}
