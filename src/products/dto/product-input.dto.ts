import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, NotEquals, ValidateIf } from 'class-validator';
import { CanonicalUuid } from '../../common/canonical-id';
import { NotNull, OptionalNotNull } from '../../common/optional-not-null.decorator';
import { PlainText } from '../../common/validation/plain-text';
import { PlainTextLine, Trim } from '../../common/validation/sanitisers';
import { IsSlug } from '../../common/validation/slug';

export const PRODUCT_SLUG_MAX_LENGTH = 220;
/** PostgreSQL `integer`: prices and stock beyond it would overflow the column. */
export const MAX_PRICE = 2_147_483_647;
export const MAX_STOCK = 2_147_483_647;

export class CreateProductDto {
  @ApiProperty({ example: 'TBL-OAK-001', description: 'Stock-keeping unit, unique among live products' })
  @Trim()
  @NotNull()
  @IsString()
  @Length(1, 64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'sku must be letters, digits, dots, hyphens and underscores' })
  sku!: string;

  @ApiProperty({ example: 'Rustic Oak Coffee Table' })
  @Trim()
  @NotNull()
  @IsString()
  @Length(1, 200)
  @PlainTextLine()
  name!: string;

  @ApiPropertyOptional({ example: 'rustic-oak-coffee-table', description: 'Generated from the name when absent' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(PRODUCT_SLUG_MAX_LENGTH)
  @IsSlug()
  slug?: string;

  @ApiPropertyOptional({
    example: 'Solid oak, oiled finish. 110 × 60 cm.',
    description: 'Plain text, kept as typed; tags are removed, and text that would still read as a tag is refused',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(5_000)
  @PlainText()
  description?: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_PRICE, example: 24900, description: 'Price in minor units (cents)' })
  @NotNull()
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE)
  price!: number;

  @ApiPropertyOptional({ example: 'EUR', description: 'ISO 4217; the configured default when absent' })
  @OptionalNotNull()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_STOCK, example: 12, default: 0 })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(MAX_STOCK)
  stock?: number;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'null: no category (on PATCH: uncategorise)' })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @CanonicalUuid()
  @IsUUID()
  categoryId?: string | null;

  @ApiPropertyOptional({ example: true, default: true, description: 'false: unpublished, seen by staff only' })
  @OptionalNotNull()
  @IsBoolean()
  isActive?: boolean;
}

/**
 * Any subset of the creatable fields; stock changes go through stock adjustments, not here. `null` is refused for
 * every field but categoryId, whose null uncategorises (the other columns are NOT NULL).
 */
export class UpdateProductDto extends PartialType(OmitType(CreateProductDto, ['stock'] as const), { skipNullProperties: false }) {}

export class StockAdjustmentDto {
  @ApiProperty({
    type: 'integer',
    minimum: -1_000_000,
    maximum: 1_000_000,
    not: { enum: [0] },
    example: -3,
    description: 'Units to add (positive) or remove (negative), not 0; stock stays within 0 and 2147483647',
  })
  @IsInt()
  @NotEquals(0)
  @Min(-1_000_000)
  @Max(1_000_000)
  delta!: number;

  @ApiProperty({ example: 'Damaged in transit' })
  @Trim()
  @IsString()
  @Length(1, 200)
  @PlainTextLine()
  reason!: string;
}
