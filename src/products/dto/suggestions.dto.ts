import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { DecodedQueryText } from '../../common/decoded-query-text.decorator';

export const MAX_SUGGESTIONS = 10;

export class SuggestionsQueryDto {
  @ApiProperty({
    description: 'What the shopper has typed so far; the last word counts as the start of a word, with one typo allowed from 4 letters',
    example: 'oak ta',
  })
  @IsString()
  @Length(1, 100)
  @DecodedQueryText()
  q!: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_SUGGESTIONS, default: MAX_SUGGESTIONS })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SUGGESTIONS)
  limit: number = MAX_SUGGESTIONS;
}

export class SuggestionsDto {
  @ApiProperty({
    type: [String],
    description: 'Distinct names of active products, best matches first',
    example: ['Rustic Oak Coffee Table', 'Modern Oak Side Table'],
  })
  data!: string[];
}
