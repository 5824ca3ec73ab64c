import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LivenessDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status!: 'ok';
}

export class PoolUsageDto {
  @ApiProperty({ example: 4 })
  total!: number;

  @ApiProperty({ example: 3 })
  idle!: number;

  @ApiProperty({ example: 0 })
  waiting!: number;
}

/** One dependency as the readiness probe saw it. */
export class DependencyStatusDto {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' })
  status!: 'up' | 'down';

  @ApiPropertyOptional({ enum: ['unreachable', 'timed out'], description: 'Why, when down' })
  message?: 'unreachable' | 'timed out';

  @ApiPropertyOptional({ description: 'Databases: connections of the pool', example: { total: 4, idle: 3, waiting: 0 } })
  pool?: PoolUsageDto;

  @ApiPropertyOptional({ description: 'Redis: shared, or in-process (single instance)', example: 'in-process (single instance)' })
  mode?: string;
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status!: 'ok';

  @ApiProperty({ type: [String], description: 'Dependencies that are down while the instance still serves', example: ['redis'] })
  degraded!: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/DependencyStatusDto' },
    description: 'Per dependency: `database:primary`, `database:replica-N`, `redis`, with details such as pool usage',
    example: { 'database:primary': { status: 'up', pool: { total: 4, idle: 3, waiting: 0 } }, redis: { status: 'down', message: 'unreachable' } },
  })
  details!: Record<string, DependencyStatusDto>;
}
