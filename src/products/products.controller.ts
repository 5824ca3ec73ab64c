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
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { Auth } from '../auth/decorators/auth.decorator';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { Public } from '../auth/decorators/public.decorator';
import { CatalogCached } from '../catalog/catalog-cache.interceptor';
import { Audited } from '../audit/audited.decorator';
import { CanonicalIdOrSlugPipe, CanonicalUuidPipe } from '../common/canonical-id';
import { Idempotent } from '../common/idempotency/idempotent.decorator';
import { IF_MATCH_HEADER } from '../common/http/conditional-request';
import { idOnlyParam, idOrSlugParam } from '../openapi/path-parameters';
import { CREATED_HEADERS, ETAG_HEADER } from '../openapi/response-headers';
import { ProblemDetails } from '../common/problem/problem-details';
import { Role } from '../users/role';
import { ListProductsQueryDto } from './dto/list-products-query.dto';
import { CreateProductDto, StockAdjustmentDto, UpdateProductDto } from './dto/product-input.dto';
import { ProductDto, ProductPageDto } from './dto/product.dto';
import { StockAdjustmentResultDto } from './dto/stock-adjustment-result.dto';
import { SuggestionsDto, SuggestionsQueryDto } from './dto/suggestions.dto';
import { ProductsListingService } from './products-listing.service';
import { ProductsService } from './products.service';

const uuid = new CanonicalUuidPipe();
const idOrSlugPipe = new CanonicalIdOrSlugPipe();

@ApiTags('products')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid or unknown fields, filters, sort or cursor' })
@Controller('products')
export class ProductsController {
  constructor(
    private readonly products: ProductsService,
    private readonly listing: ProductsListingService,
  ) {}

  /**
   * Lists active products.
   *
   * @remarks Newest first by default, or by relevance with `q`. Keyset pages (`cursor`), or for back-office tables
   * `page` (with `page.total`: exact for staff, capped for everyone else). Staff also see unpublished products.
   */
  @Get()
  @Public()
  @CatalogCached({ type: ProductPageDto })
  list(@Query() query: ListProductsQueryDto, @CurrentUser() caller: AuthenticatedUser | undefined): Promise<ProductPageDto> {
    return this.listing.list(query, caller);
  }

  /** Autocomplete: names of active products for what a shopper is typing. */
  @Get('suggestions')
  @Public()
  @CatalogCached({ type: SuggestionsDto })
  suggestions(@Query() query: SuggestionsQueryDto): Promise<SuggestionsDto> {
    return this.listing.suggestions(query);
  }

  /**
   * Gets one product by id or slug.
   *
   * @remarks With an ETag (`If-None-Match` → 304). An unpublished product (`isActive: false`) is for staff only: 404
   * for anyone else.
   */
  @Get(':idOrSlug')
  @Public()
  @CatalogCached({ type: ProductDto, etag: true })
  @ApiParam(idOrSlugParam('product'))
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'No such product, or unpublished and the caller is not staff' })
  async get(
    @Param('idOrSlug', idOrSlugPipe) idOrSlug: string,
    @CurrentUser() caller: AuthenticatedUser | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProductDto> {
    const { product, etag } = await this.products.get(idOrSlug, caller);
    reply.header('etag', etag);
    return product;
  }

  /** Creates a product. */
  @Post()
  @Auth({ roles: [Role.Admin] })
  @Audited('product.create')
  @Idempotent()
  @ApiCreatedResponse({ type: ProductDto, headers: CREATED_HEADERS })
  @ApiConflictResponse({ type: ProblemDetails, description: 'sku or slug taken' })
  async create(@Body() dto: CreateProductDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<ProductDto> {
    const { product, etag } = await this.products.create(dto);
    reply.header('etag', etag).header('location', `/api/v1/products/${product.id}`);
    return product;
  }

  /**
   * Changes some fields of a product.
   *
   * @remarks Send the ETag you read in `If-Match`: a change made meanwhile by someone else then fails with 412
   * instead of being overwritten.
   */
  @Patch(':idOrSlug')
  @Auth({ roles: [Role.Admin] })
  @Audited('product.update')
  @ApiParam(idOnlyParam('product'))
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: ProductDto, headers: { ETag: ETAG_HEADER } })
  @ApiNotFoundResponse({ type: ProblemDetails })
  @ApiConflictResponse({ type: ProblemDetails, description: 'Changed by someone else meanwhile, or sku/slug taken' })
  @ApiPreconditionFailedResponse({ type: ProblemDetails, description: 'If-Match does not match the current version' })
  async update(
    @Param('idOrSlug', uuid) id: string,
    @Body() dto: UpdateProductDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProductDto> {
    const { product, etag } = await this.products.update(id, dto, ifMatch);
    reply.header('etag', etag);
    return product;
  }

  /**
   * Deletes a product.
   *
   * @remarks A soft delete: the product disappears and its sku and slug can be used again.
   */
  @Delete(':idOrSlug')
  @Auth({ roles: [Role.Admin] })
  @Audited('product.delete')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiParam(idOnlyParam('product'))
  @ApiHeader(IF_MATCH_HEADER)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDetails })
  @ApiConflictResponse({ type: ProblemDetails, description: '`EDIT_CONFLICT`: changed by someone else meanwhile (send If-Match to get 412 instead)' })
  @ApiPreconditionFailedResponse({ type: ProblemDetails })
  remove(@Param('idOrSlug', uuid) id: string, @Headers('if-match') ifMatch: string | undefined): Promise<void> {
    return this.products.remove(id, ifMatch);
  }

  /**
   * Adds or removes units of stock.
   *
   * @remarks Atomic; stock never goes below zero (409 instead).
   */
  @Post(':id/stock-adjustments')
  @Auth({ roles: [Role.Admin] })
  @Audited('product.stock_adjust')
  @Idempotent()
  @ApiCreatedResponse({ type: StockAdjustmentResultDto })
  @ApiNotFoundResponse({ type: ProblemDetails })
  @ApiConflictResponse({ type: ProblemDetails, description: '`INSUFFICIENT_STOCK` below zero, or `STOCK_LIMIT_EXCEEDED` past 2147483647' })
  adjustStock(@Param('id', uuid) id: string, @Body() dto: StockAdjustmentDto, @CurrentUser() actor: AuthenticatedUser): Promise<StockAdjustmentResultDto> {
    return this.products.adjustStock(id, dto, actor);
  }
}
