import { Body, Controller, Delete, Get, Headers, HttpCode, HttpStatus, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiPreconditionFailedResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth } from '../auth/decorators/auth.decorator';
import { Public } from '../auth/decorators/public.decorator';
import { CatalogCached } from '../catalog/catalog-cache.interceptor';
import { Audited } from '../audit/audited.decorator';
import { CanonicalIdOrSlugPipe, CanonicalUuidPipe } from '../common/canonical-id';
import { Idempotent } from '../common/idempotency/idempotent.decorator';
import { IF_MATCH_HEADER } from '../common/http/conditional-request';
import { ProblemDetails } from '../common/problem/problem-details';
import { idOnlyParam, idOrSlugParam } from '../openapi/path-parameters';
import { CREATED_HEADERS, ETAG_HEADER } from '../openapi/response-headers';
import { Role } from '../users/role';
import { CategoriesService } from './categories.service';
import {
  CategoryDetailDto,
  CategoryDto,
  CategoryPageDto,
  CreateCategoryDto,
  DeleteCategoryQueryDto,
  GetCategoryQueryDto,
  ListCategoriesQueryDto,
  UpdateCategoryDto,
} from './dto/category.dto';

const uuid = new CanonicalUuidPipe();
const idOrSlugPipe = new CanonicalIdOrSlugPipe();

@ApiTags('categories')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid or unknown fields or parameters' })
@Controller('categories')
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  /**
   * Lists categories by name.
   *
   * @remarks `parentId` walks the tree (`none` for the top level).
   */
  @Get()
  @Public()
  @CatalogCached({ type: CategoryPageDto })
  list(@Query() query: ListCategoriesQueryDto): Promise<CategoryPageDto> {
    return this.categories.list(query);
  }

  /**
   * Gets one category by id or slug.
   *
   * @remarks With its product count, an ETag (`If-None-Match` → 304), and with `include=products` the first page of
   * its products.
   */
  @Get(':idOrSlug')
  @Public()
  @CatalogCached({ type: CategoryDetailDto, etag: true })
  @ApiParam(idOrSlugParam('category'))
  @ApiNotFoundResponse({ type: ProblemDetails })
  async get(
    @Param('idOrSlug', idOrSlugPipe) idOrSlug: string,
    @Query() query: GetCategoryQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CategoryDetailDto> {
    const { category, etag } = await this.categories.get(idOrSlug, query.include === 'products');
    reply.header('etag', etag);
    return category;
  }

  /** Creates a category. */
  @Post()
  @Auth({ roles: [Role.Admin] })
  @Audited('category.create')
  @Idempotent()
  @ApiCreatedResponse({ type: CategoryDto, headers: CREATED_HEADERS })
  @ApiConflictResponse({ type: ProblemDetails, description: 'slug taken' })
  async create(@Body() dto: CreateCategoryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<CategoryDto> {
    const { category, etag } = await this.categories.create(dto);
    reply.header('etag', etag).header('location', `/api/v1/categories/${category.id}`);
    return category;
  }

  /**
   * Changes some fields of a category.
   *
   * @remarks Send the ETag you read in `If-Match`: a change made meanwhile by someone else then fails with 412
   * instead of being overwritten. `parentId` moves it in the tree (never under itself).
   */
  @Patch(':idOrSlug')
  @Auth({ roles: [Role.Admin] })
  @Audited('category.update')
  @ApiParam(idOnlyParam('category'))
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: CategoryDto, headers: { ETag: ETAG_HEADER } })
  @ApiNotFoundResponse({ type: ProblemDetails })
  @ApiConflictResponse({ type: ProblemDetails, description: 'Changed meanwhile, or slug taken' })
  @ApiPreconditionFailedResponse({ type: ProblemDetails })
  async update(
    @Param('idOrSlug', uuid) id: string,
    @Body() dto: UpdateCategoryDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CategoryDto> {
    const { category, etag } = await this.categories.update(id, dto, ifMatch);
    reply.header('etag', etag);
    return category;
  }

  /**
   * Deletes a category.
   *
   * @remarks A soft delete; 409 while it has products or sub-categories, unless `force=true`.
   */
  @Delete(':idOrSlug')
  @Auth({ roles: [Role.Admin] })
  @Audited('category.delete')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiParam(idOnlyParam('category'))
  @ApiHeader(IF_MATCH_HEADER)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDetails })
  @ApiConflictResponse({ type: ProblemDetails, description: '`CATEGORY_NOT_EMPTY` (use force=true), or `EDIT_CONFLICT`: changed meanwhile' })
  @ApiPreconditionFailedResponse({ type: ProblemDetails })
  remove(@Param('idOrSlug', uuid) id: string, @Query() query: DeleteCategoryQueryDto, @Headers('if-match') ifMatch: string | undefined): Promise<void> {
    return this.categories.remove(id, query.force === true, ifMatch);
  }
}
