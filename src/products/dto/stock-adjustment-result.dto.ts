import { ApiProperty } from '@nestjs/swagger';

export class StockAdjustmentResultDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  productId!: string;

  @ApiProperty({ example: -3 })
  delta!: number;

  @ApiProperty({ example: 'Damaged in transit' })
  reason!: string;

  @ApiProperty({ example: 9 })
  stockAfter!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}
