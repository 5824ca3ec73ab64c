import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CursorPageInfoDto } from '../../common/pagination/page.dto';
import { MAX_OFFSET_ROWS, OFFSET_TOTAL_CAP } from './list-products-query.dto';

export class ProductDto {
  @ApiProperty({ format: 'uuid', example: '7d0f7c1e-8b0a-4a53-9a6e-5c1f0e2b9d41' })
  id!: string;

  @ApiProperty({ example: 'TBL-OAK-001' })
  sku!: string;

  @ApiProperty({ example: 'Rustic Oak Coffee Table' })
  name!: string;

  @ApiProperty({ example: 'rustic-oak-coffee-table' })
  slug!: string;

  @ApiProperty({ example: 'Solid oak, oiled finish. 110 × 60 cm.' })
  description!: string;

  @ApiProperty({ description: 'Price in minor units (cents)', example: 24900 })
  price!: number;

  @ApiProperty({ description: 'ISO 4217', example: 'EUR' })
  currency!: string;

  @ApiProperty({ example: 12 })
  stock!: number;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  categoryId!: string | null;

  @ApiProperty({ example: true })
  isActive!: boolean;

  @ApiProperty({ description: 'Increases with every change; the ETag is derived from it', example: 3 })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class OffsetPageInfoDto extends CursorPageInfoDto {
  @ApiProperty({ required: false, description: 'Offset mode only', example: 3 })
  page?: number;

  @ApiProperty({
    required: false,
    description: `Offset mode only. The number of matching products: exact for staff (admin, superadmin); for everyone else exact up to ${OFFSET_TOTAL_CAP}, and when totalCapped is true, ${OFFSET_TOTAL_CAP} meaning at least that many match`,
    example: 1280,
  })
  total?: number;

  @ApiProperty({
    required: false,
    description: `Offset mode only. True when more than ${OFFSET_TOTAL_CAP} products match and the caller is not staff: the count stopped there and total is ${OFFSET_TOTAL_CAP} (a lower bound). Always false for staff (admin, superadmin), whose total is exact. hasMore still says whether more products match after this page (true on every page of a capped total), but offset pages stop at ${MAX_OFFSET_ROWS} rows: beyond them, use cursor pagination`,
    example: false,
  })
  totalCapped?: boolean;

  @ApiProperty({ required: false, description: 'Offset mode only. ceil(total / limit), from the capped total when totalCapped is true', example: 64 })
  totalPages?: number;
}

export class CategoryFacetDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Lighting' })
  name!: string;

  @ApiProperty({ example: 412 })
  count!: number;
}

export class PriceBucketDto {
  @ApiProperty({ description: 'Lowest price of the bucket, in cents (inclusive)', example: 2500 })
  min!: number;

  @ApiProperty({ description: 'Highest price of the bucket, in cents (exclusive); null for the last bucket', nullable: true, type: Number, example: 5000 })
  max!: number | null;

  @ApiProperty({ example: 118 })
  count!: number;
}

export class ProductFacetsDto {
  @ApiProperty({
    description:
      'True when more products match than the exact cap (CATALOG_FACET_EXACT_CAP): the counts are then those of the first `counted` matches, not of all',
  })
  approximate!: boolean;

  @ApiProperty({ description: 'Matching products the counts cover', example: 1000 })
  counted!: number;

  @ApiPropertyOptional({
    type: [CategoryFacetDto],
    description: 'With facets=category: the most frequent categories of the matches (products without a category are not listed)',
  })
  category?: CategoryFacetDto[];

  @ApiPropertyOptional({ type: [PriceBucketDto], description: 'With facets=price: every bucket of CATALOG_FACET_PRICE_EDGES, in order, empty ones included' })
  price?: PriceBucketDto[];
}

export class ProductPageDto {
  @ApiProperty({ type: [ProductDto] })
  data!: ProductDto[];

  @ApiProperty({ type: OffsetPageInfoDto })
  page!: OffsetPageInfoDto;

  @ApiPropertyOptional({ type: ProductFacetsDto, description: 'Only with `facets`: counts for the current search and filters' })
  facets?: ProductFacetsDto;
}
