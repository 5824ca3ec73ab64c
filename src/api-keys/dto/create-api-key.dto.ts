import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDateString, IsEnum, IsString, Length } from 'class-validator';
import { NotNull, OptionalNotNull } from '../../common/optional-not-null.decorator';
import { PlainTextLine, Trim } from '../../common/validation/sanitisers';
import { ApiKeyScope } from '../api-key-scope';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'ERP nightly sync', description: 'What the key is for, as lists show it' })
  @Trim()
  @NotNull()
  @IsString()
  @Length(1, 100)
  @PlainTextLine()
  name!: string;

  @ApiProperty({ enum: ApiKeyScope, isArray: true, example: [ApiKeyScope.CatalogRead], description: 'What the key may do' })
  @NotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(Object.keys(ApiKeyScope).length)
  @ArrayUnique()
  @IsEnum(ApiKeyScope, { each: true })
  scopes!: ApiKeyScope[];

  @ApiPropertyOptional({ format: 'date-time', example: '2027-06-30T00:00:00Z', description: 'When the key stops working; never when absent' })
  @OptionalNotNull()
  @IsDateString({ strict: true })
  expiresAt?: string;
}
