import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditChanges } from '../audit/audit-trail';
import { ApiKeyScope } from '../api-keys/api-key-scope';
import { type AuthenticatedUser, readsAsStaff } from '../auth/authenticated-user';
import { editConflict, idOrSlug, notFound, taken, unknownCategory } from '../catalog/catalog-errors';
import { CatalogState } from '../catalog/catalog-state';
import { UnitOfWork } from '../changes/unit-of-work';
import { catalogConfig, type CatalogConfig } from '../config/catalog.config';
import { etagFor, ifMatchSatisfied, preconditionFailed } from '../common/http/conditional-request';
import { ErrorCode } from '../common/problem/error-code';
import { ProblemException } from '../common/problem/problem.exception';
import { SLUG_PATTERN, slugFrom, withSuffix } from '../common/validation/slug';
import { BusinessMetrics } from '../metrics/business-metrics';
import { type CreateProductDto, MAX_STOCK, PRODUCT_SLUG_MAX_LENGTH, type StockAdjustmentDto, type UpdateProductDto } from './dto/product-input.dto';
import type { ProductDto } from './dto/product.dto';
import { type ProductRow, ProductsRepository } from './products.repository';

export interface ProductWithEtag {
  product: ProductDto;
  etag: string;
}

export function toProductDto(row: ProductRow): ProductDto {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    slug: row.slug,
    description: row.description,
    price: row.price,
    currency: row.currency,
    stock: row.stock,
    categoryId: row.categoryId,
    isActive: row.isActive,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const withEtag = (row: ProductRow): ProductWithEtag => ({ product: toProductDto(row), etag: etagFor(row.id, row.version) });

@Injectable()
export class ProductsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly metrics: BusinessMetrics,
    private readonly products: ProductsRepository,
    private readonly state: CatalogState,
    @Inject(catalogConfig.KEY) private readonly catalog: CatalogConfig,
  ) {}

  /**
   * A live product by id or slug. Unpublished ones (`isActive: false`) are staff business: for anyone else (anonymous
   * callers, customers) they do not exist, so a 404 tells nothing about them. Anonymous answers are cached and
   * signed-in callers bypass the cache (CatalogCacheInterceptor), so what staff see never reaches shoppers.
   */
  async get(idOrSlugValue: string, caller: AuthenticatedUser | undefined): Promise<ProductWithEtag> {
    const key = idOrSlug(idOrSlugValue);
    // What is neither an id nor a slug names nothing; no query for it.
    if (key.slug !== undefined && !SLUG_PATTERN.test(key.slug)) throw notFound('product', idOrSlugValue);
    const includeUnpublished = readsAsStaff(caller, ApiKeyScope.CatalogRead);
    const row = await this.products.findOne(key, this.state.minLsn, { includeUnpublished });
    if (!row) throw notFound('product', idOrSlugValue);
    return withEtag(row);
  }

  async create(dto: CreateProductDto): Promise<ProductWithEtag> {
    const row = await this.writing(async (manager, changes) => {
      if (dto.categoryId) await this.assertCategory(manager, dto.categoryId);
      await this.assertSkuFree(manager, dto.sku);
      const slug = await this.freeSlug(manager, dto.slug, dto.name);
      const created = await this.products.insert(manager, { ...dto, slug, currency: dto.currency ?? this.catalog.defaultCurrency });
      changes.record(created.id, undefined, toProductDto(created));
      return created;
    });
    this.metrics.productCreated();
    return withEtag(row);
  }

  /** With `If-Match`, the edit applies only to that version (412 otherwise); without, only if nobody changed it meanwhile (409). */
  async update(id: string, dto: UpdateProductDto, ifMatch: string | undefined): Promise<ProductWithEtag> {
    const row = await this.writing(async (manager, changes) => {
      const current = await this.products.findLive(manager, id);
      if (!current) throw notFound('product', id);
      if (ifMatch !== undefined && !ifMatchSatisfied(ifMatch, etagFor(id, current.version))) throw preconditionFailed();
      if (dto.categoryId) await this.assertCategory(manager, dto.categoryId);
      if (dto.sku && dto.sku !== current.sku) await this.assertSkuFree(manager, dto.sku);
      if (dto.slug && dto.slug !== current.slug) await this.assertSlugFree(manager, dto.slug);
      const updated = await this.products.update(manager, id, current.version, dto as Record<string, unknown>);
      if (!updated) throw ifMatch !== undefined ? preconditionFailed() : editConflict('product');
      changes.record(id, toProductDto(current), toProductDto(updated));
      return updated;
    });
    return withEtag(row);
  }

  async remove(id: string, ifMatch: string | undefined): Promise<void> {
    await this.unitOfWork.run(async (manager, changes) => {
      const current = await this.products.findLive(manager, id);
      if (!current) throw notFound('product', id);
      if (ifMatch !== undefined && !ifMatchSatisfied(ifMatch, etagFor(id, current.version))) throw preconditionFailed();
      if (!(await this.products.softDelete(manager, id, current.version))) throw ifMatch !== undefined ? preconditionFailed() : editConflict('product');
      changes.record(id, toProductDto(current), undefined);
    });
  }

  /** Atomic in SQL: concurrent adjustments all apply, and none takes stock below zero (409 instead). */
  async adjustStock(id: string, dto: StockAdjustmentDto, actor: AuthenticatedUser) {
    return this.unitOfWork.run(async (manager, changes) => {
      const row = await this.products.adjustStock(manager, id, dto.delta);
      if (!row) {
        if (!(await this.products.findLive(manager, id))) throw notFound('product', id);
        if (dto.delta > 0) throw new ProblemException(409, ErrorCode.StockLimitExceeded, { detail: `Stock cannot exceed ${MAX_STOCK} units` });
        throw new ProblemException(409, ErrorCode.InsufficientStock, { detail: `Stock cannot go below zero; ${-dto.delta} units are not available` });
      }
      const adjustment = await this.products.recordAdjustment(manager, {
        productId: id,
        delta: dto.delta,
        reason: dto.reason,
        stockAfter: row.stock,
        actorId: actor.id,
      });
      changes.record(id, { stock: row.stock - dto.delta }, { stock: row.stock, reason: dto.reason }, toProductDto(row));
      return { id: adjustment.id, productId: id, delta: dto.delta, reason: dto.reason, stockAfter: row.stock, createdAt: adjustment.createdAt.toISOString() };
    });
  }

  /** A write transaction on the primary; a unique index that catches a race the checks missed is a 409 too. */
  private async writing<T>(work: (manager: EntityManager, changes: AuditChanges) => Promise<T>): Promise<T> {
    try {
      return await this.unitOfWork.run(work);
    } catch (error) {
      const { code, constraint } = error as { code?: string; constraint?: string };
      if (code === '23505' && constraint === 'products_sku_key') throw taken('sku', 'given');
      if (code === '23505' && constraint === 'products_slug_key') throw taken('slug', 'given');
      throw error;
    }
  }

  private async assertCategory(manager: EntityManager, categoryId: string): Promise<void> {
    if (!(await this.products.lockLiveCategory(manager, categoryId))) throw unknownCategory();
  }

  private async assertSkuFree(manager: EntityManager, sku: string): Promise<void> {
    if (await this.products.skuTaken(manager, sku)) throw taken('sku', sku);
  }

  private async assertSlugFree(manager: EntityManager, slug: string): Promise<void> {
    if (await this.products.slugTaken(manager, slug)) throw taken('slug', slug);
  }

  /** The requested slug (409 if taken), or one made from the name (with a suffix if that is taken). */
  private async freeSlug(manager: EntityManager, requested: string | undefined, name: string): Promise<string> {
    if (requested) {
      await this.assertSlugFree(manager, requested);
      return requested;
    }
    const base = slugFrom(name, PRODUCT_SLUG_MAX_LENGTH);
    return (await this.products.slugTaken(manager, base)) ? withSuffix(base, PRODUCT_SLUG_MAX_LENGTH) : base;
  }
}
