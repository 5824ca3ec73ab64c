import { ApiProperty } from '@nestjs/swagger';
import { CursorPageInfoDto } from '../../common/pagination/page.dto';

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

  @ApiProperty({ required: false, description: 'Offset mode only', example: 1280 })
  total?: number;

  @ApiProperty({ required: false, description: 'Offset mode only', example: 64 })
  totalPages?: number;
}

export class ProductPageDto {
  @ApiProperty({ type: [ProductDto] })
  data!: ProductDto[];

  @ApiProperty({ type: OffsetPageInfoDto })
  page!: OffsetPageInfoDto;
}
