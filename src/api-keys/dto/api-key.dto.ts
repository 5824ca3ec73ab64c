import { ApiProperty } from '@nestjs/swagger';
import { CursorPageInfoDto } from '../../common/pagination/page.dto';
import { ApiKeyScope } from '../api-key-scope';
import type { ApiKeyRow } from '../api-keys.repository';

/** A key as staff see it: never the secret, never its hash. */
export class ApiKeyDto {
  @ApiProperty({ format: 'uuid', example: '7d0e2c4a-5b1f-4e8a-9c3d-2f6a8b1e4c70' })
  id!: string;

  @ApiProperty({ example: 'ERP nightly sync' })
  name!: string;

  @ApiProperty({ example: 'ck_AbCdEfGh', description: 'The first characters of the key, to recognise it' })
  prefix!: string;

  @ApiProperty({ enum: ApiKeyScope, isArray: true, example: [ApiKeyScope.CatalogRead] })
  scopes!: ApiKeyScope[];

  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The staff member who created it' })
  createdBy!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Recorded at most once a minute' })
  lastUsedAt!: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  revokedAt!: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  expiresAt!: string | null;

  static from(row: ApiKeyRow): ApiKeyDto {
    return {
      id: row.id,
      name: row.name,
      prefix: row.prefix,
      scopes: row.scopes,
      createdBy: row.createdBy,
      createdAt: row.createdAt.toISOString(),
      lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
      revokedAt: row.revokedAt?.toISOString() ?? null,
      expiresAt: row.expiresAt?.toISOString() ?? null,
    };
  }
}

/** The answer to creating a key: the only time its secret is shown. */
export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ example: 'ck_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE', description: 'The secret, shown this once: store it now' })
  key!: string;
}

export class ApiKeyPageDto {
  @ApiProperty({ type: [ApiKeyDto] })
  data!: ApiKeyDto[];

  @ApiProperty({ type: CursorPageInfoDto })
  page!: CursorPageInfoDto;
}
