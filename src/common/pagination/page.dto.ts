import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 100;

/** Query parameters every cursor-paginated list accepts. */
export class CursorPageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT, description: 'Page size' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit: number = DEFAULT_PAGE_LIMIT;

  @ApiPropertyOptional({ maxLength: 512, description: '`page.nextCursor` of the previous page; omit for the first page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export class CursorPageInfoDto {
  @ApiProperty({ example: 20 })
  limit!: number;

  @ApiProperty({ nullable: true, type: String, example: 'eyJjIjoiMjAyNi0xMS0yOFQwNjowMDowMC4wMDBaIiwiaSI6IjEifQ.q3V…' })
  nextCursor!: string | null;

  @ApiProperty({ example: true })
  hasMore!: boolean;
}
