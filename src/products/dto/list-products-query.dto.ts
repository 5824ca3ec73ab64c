import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { CanonicalUuid } from '../../common/canonical-id';
import { DecodedQueryText } from '../../common/decoded-query-text.decorator';
import { CursorPageQueryDto } from '../../common/pagination/page.dto';
import { PRODUCT_SORTS, type ProductSort } from '../product-sort';
import { MAX_PRICE } from './product-input.dto';

const toBoolean = () => Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

export const FACETS = ['category', 'price'] as const;
export type Facet = (typeof FACETS)[number];

/** Offset pagination is for back-office tables only; deeper than this, cursors are required. */
export const MAX_OFFSET_ROWS = 10_000;

/**
 * `page.total` counts at most this many matches (as many as offset pages reach) for anonymous callers and
 * customers, so one request over a broad filter counts 10,000 rows, not the catalog. Staff (admin and up) get the
 * exact count.
 */
export const OFFSET_TOTAL_CAP = MAX_OFFSET_ROWS;

export class ListProductsQueryDto extends CursorPageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @CanonicalUuid()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional({ description: 'With categoryId: also products of its sub-categories, at any depth' })
  @IsOptional()
  @toBoolean()
  @IsBoolean()
  includeDescendants?: boolean;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_PRICE, description: 'Minimum price in cents' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE)
  minPrice?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_PRICE, description: 'Maximum price in cents' })
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

  @ApiPropertyOptional({
    description:
      'Search: every word must match, as a whole word or the start of one, in the name or the description; one typo per word of 4 letters or more is corrected. Relevance order: all words in the name as whole words, then as starts of words, then name or description, then corrected typos; newest first within each',
    example: 'oak table',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @DecodedQueryText()
  q?: string;

  @ApiPropertyOptional({ enum: PRODUCT_SORTS, description: 'Default -createdAt, or relevance with q' })
  @IsOptional()
  @IsIn(PRODUCT_SORTS)
  sort?: ProductSort;

  @ApiPropertyOptional({
    description:
      'Either or both (repeated, or comma-separated in one value): adds `facets` with counts per category and per price bucket for the current search and filters',
    enum: FACETS,
    isArray: true,
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value))
  @IsArray()
  @ArrayMaxSize(FACETS.length)
  @IsIn(FACETS, { each: true })
  facets?: Facet[];

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_OFFSET_ROWS,
    description: `Offset mode (back office): page number from 1, with page.total (for callers other than staff, counted up to ${OFFSET_TOTAL_CAP}: see page.totalCapped); refused beyond ${MAX_OFFSET_ROWS} rows`,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_OFFSET_ROWS)
  page?: number;
}
