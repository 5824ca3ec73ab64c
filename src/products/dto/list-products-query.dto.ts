import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { CursorPageQueryDto } from '../../common/pagination/page.dto';
import { PRODUCT_SORTS, type ProductSort } from '../product-sort';
import { MAX_PRICE } from './product-input.dto';

const toBoolean = () => Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

/** Offset pagination is for back-office tables only; deeper than this, cursors are required. */
export const MAX_OFFSET_ROWS = 10_000;

export class ListProductsQueryDto extends CursorPageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional({ description: 'With categoryId: also products of its sub-categories, at any depth' })
  @IsOptional()
  @toBoolean()
  @IsBoolean()
  includeDescendants?: boolean;

  @ApiPropertyOptional({ description: 'Minimum price in cents' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE)
  minPrice?: number;

  @ApiPropertyOptional({ description: 'Maximum price in cents' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE)
  maxPrice?: number;

  @ApiPropertyOptional({ description: 'true: only products in stock' })
  @IsOptional()
  @toBoolean()
  @IsBoolean()
  inStock?: boolean;

  @ApiPropertyOptional({ description: 'Search: full text, ranked, with prefix and typo-tolerant matching of short terms', example: 'oak table' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ enum: PRODUCT_SORTS, description: 'Default -createdAt, or relevance with q' })
  @IsOptional()
  @IsIn(PRODUCT_SORTS)
  sort?: ProductSort;

  @ApiPropertyOptional({ description: 'Offset mode (back office): page number from 1, with page.total; refused beyond 10,000 rows' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_OFFSET_ROWS)
  page?: number;
}
