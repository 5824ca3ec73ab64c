import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateIf } from 'class-validator';
import { CanonicalUuid } from '../../common/canonical-id';
import { NotNull, OptionalNotNull } from '../../common/optional-not-null.decorator';
import { CursorPageInfoDto, CursorPageQueryDto } from '../../common/pagination/page.dto';
import { PlainText } from '../../common/validation/plain-text';
import { PlainTextLine, Trim } from '../../common/validation/sanitisers';
import { IsSlug } from '../../common/validation/slug';
import { ProductPageDto } from '../../products/dto/product.dto';

export const CATEGORY_SLUG_MAX_LENGTH = 140;

export class CategoryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Living Room' })
  name!: string;

  @ApiProperty({ example: 'living-room' })
  slug!: string;

  @ApiProperty({ example: 'Sofas, tables and shelves.' })
  description!: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  parentId!: string | null;

  @ApiProperty({ example: 1 })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class CategoryDetailDto extends CategoryDto {
  @ApiProperty({ description: 'Active products directly in this category', example: 42 })
  productCount!: number;

  @ApiPropertyOptional({ type: ProductPageDto, description: 'With ?include=products: the first page of its products' })
  products?: ProductPageDto;
}

export class CategoryPageDto {
  @ApiProperty({ type: [CategoryDto] })
  data!: CategoryDto[];

  @ApiProperty({ type: CursorPageInfoDto })
  page!: CursorPageInfoDto;
}

export class ListCategoriesQueryDto extends CursorPageQueryDto {
  @ApiPropertyOptional({ description: 'Children of this category, or `none` for top-level categories; absent: all' })
  @IsOptional()
  @ValidateIf((_query, value) => value !== 'none')
  @CanonicalUuid()
  @IsUUID()
  parentId?: string;
}

export class GetCategoryQueryDto {
  @ApiPropertyOptional({ enum: ['products'], description: 'Also return the first page of its products' })
  @IsOptional()
  @IsIn(['products'])
  include?: 'products';
}

export class DeleteCategoryQueryDto {
  @ApiPropertyOptional({ description: 'true: delete even with products or sub-categories (products become uncategorised, sub-categories move up)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false])
  force?: boolean;
}

export class CreateCategoryDto {
  @ApiProperty({ example: 'Living Room' })
  @Trim()
  @NotNull()
  @IsString()
  @Length(1, 120)
  @PlainTextLine()
  name!: string;

  @ApiPropertyOptional({ example: 'living-room', description: 'Generated from the name when absent' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(CATEGORY_SLUG_MAX_LENGTH)
  @IsSlug()
  slug?: string;

  @ApiPropertyOptional({
    example: 'Sofas, tables and shelves.',
    description: 'Plain text, kept as typed; tags are removed, and text that would still read as a tag is refused',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(2_000)
  @PlainText()
  description?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'null: a top-level category (on PATCH: moves it to the top level)' })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @CanonicalUuid()
  @IsUUID()
  parentId?: string | null;
}

/** Any subset of the creatable fields; `null` is refused for every field but parentId (the other columns are NOT NULL). */
export class UpdateCategoryDto extends PartialType(CreateCategoryDto, { skipNullProperties: false }) {}
