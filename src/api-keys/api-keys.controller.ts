import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import type { UserPrincipal } from '../auth/authenticated-user';
import { Auth } from '../auth/decorators/auth.decorator';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { CanonicalUuidPipe } from '../common/canonical-id';
import { CursorPageQueryDto } from '../common/pagination/page.dto';
import { ProblemDetails } from '../common/problem/problem-details';
import { Role } from '../users/role';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto, ApiKeyPageDto, CreatedApiKeyDto } from './dto/api-key.dto';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

const uuid = new CanonicalUuidPipe();

/**
 * Staff only, and never with an API key: a key cannot mint or revoke keys. Creation is not `@Idempotent()`, since a
 * replayed answer would have to be stored with the secret in it.
 */
@ApiTags('api-keys')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid input, unknown fields or cursor' })
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  /**
   * Creates an API key for an integration.
   *
   * @remarks The answer holds the key (`key`) this once: only its hash is stored. Send it as
   * `Authorization: Bearer <key>`.
   */
  @Post()
  @Auth({ roles: [Role.Admin] })
  @Audited('api_key.create')
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(@CurrentUser() caller: UserPrincipal, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(caller, dto);
  }

  /**
   * Lists API keys, revoked and expired ones included.
   *
   * @remarks Newest first, cursor-paginated. Never shows a key's secret.
   */
  @Get()
  @Auth({ roles: [Role.Admin] })
  @ApiOkResponse({ type: ApiKeyPageDto })
  list(@Query() query: CursorPageQueryDto): Promise<ApiKeyPageDto> {
    return this.apiKeys.list(query);
  }

  /** Gets one API key (never its secret). */
  @Get(':id')
  @Auth({ roles: [Role.Admin] })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiNotFoundResponse({ type: ProblemDetails })
  get(@Param('id', uuid) id: string): Promise<ApiKeyDto> {
    return this.apiKeys.get(id);
  }

  /**
   * Revokes an API key.
   *
   * @remarks It stops working on its next request. Revoking a revoked key changes nothing and answers 204 again.
   */
  @Delete(':id')
  @Auth({ roles: [Role.Admin] })
  @Audited('api_key.revoke')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDetails })
  revoke(@CurrentUser() caller: UserPrincipal, @Param('id', uuid) id: string): Promise<void> {
    return this.apiKeys.revoke(caller, id);
  }
}
