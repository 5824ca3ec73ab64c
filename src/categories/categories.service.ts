import { ErrorCode } from '../common/problem/error-code';
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditChanges } from '../audit/audit-trail';
import { UnitOfWork } from '../changes/unit-of-work';
import { editConflict, idOrSlug, notFound, taken, unknownCategory } from '../catalog/catalog-errors';
import { CatalogState } from '../catalog/catalog-state';
import { ifMatchSatisfied, preconditionFailed } from '../common/http/conditional-request';
import { CursorCodec } from '../common/pagination/cursor-codec';
import { DEFAULT_PAGE_LIMIT } from '../common/pagination/page.dto';
import { ProblemException, ValidationProblemException } from '../common/problem/problem.exception';
import { SLUG_PATTERN, slugFrom, withSuffix } from '../common/validation/slug';
import { toProductDto } from '../products/products.service';
import { ProductsRepository } from '../products/products.repository';
import { type CategoryRow, CategoriesRepository } from './categories.repository';
import {
  CATEGORY_SLUG_MAX_LENGTH,
  type CategoryDetailDto,
  type CategoryDto,
  type CategoryPageDto,
  type CreateCategoryDto,
  type ListCategoriesQueryDto,
  type UpdateCategoryDto,
} from './dto/category.dto';

interface CategoryCursor extends Record<string, string> {
  n: string;
  i: string;
}

const isCategoryCursor = (value: Record<string, unknown>): value is CategoryCursor => typeof value.n === 'string' && typeof value.i === 'string';

/**
 * A category's representation includes its product count, which changes without the category's own version
 * changing; so its strong ETag hashes the representation itself (RFC 9110 §8.8.3), not the row version.
 */
export function categoryEtag(representation: CategoryDetailDto): string {
  return `"${createHash('sha256').update(JSON.stringify(representation)).digest('base64url').slice(0, 22)}"`;
}

const toDto = (row: CategoryRow): CategoryDto => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  description: row.description,
  parentId: row.parentId,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

@Injectable()
export class CategoriesService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly categories: CategoriesRepository,
    private readonly products: ProductsRepository,
    private readonly state: CatalogState,
    private readonly cursors: CursorCodec,
  ) {}

  async list(query: ListCategoriesQueryDto): Promise<CategoryPageDto> {
    const after = query.cursor ? this.cursors.of('categories').decode(query.cursor, isCategoryCursor) : undefined;
    const parentId = query.parentId === 'none' ? null : query.parentId;
    const rows = await this.categories.list({ parentId, after: after && { name: after.n, id: after.i }, limit: query.limit + 1 }, this.state.minLsn);
    return this.cursors.of('categories').page(rows, query.limit, toDto, (last) => ({ n: last.name, i: last.id }));
  }

  /** One category with its product count; with `include=products`, its first page of products (one more query, not one per product). */
  async get(key: string, includeProducts: boolean): Promise<{ category: CategoryDetailDto; etag: string }> {
    const lookup = idOrSlug(key);
    // What is neither an id nor a slug names nothing; no query for it.
    const row = lookup.slug !== undefined && !SLUG_PATTERN.test(lookup.slug) ? undefined : await this.categories.findOne(lookup, this.state.minLsn);
    if (!row) throw notFound('category', key);
    const category: CategoryDetailDto = { ...toDto(row), productCount: row.productCount };
    if (includeProducts) {
      const products = await this.products.page({ filter: { categoryIds: [row.id] }, sort: '-createdAt', limit: DEFAULT_PAGE_LIMIT + 1 }, this.state.minLsn);
      category.products = this.cursors
        .of('products')
        .page(products, DEFAULT_PAGE_LIMIT, toProductDto, (last) => ({ s: '-createdAt', k: last.sortKey!, i: last.id }));
    }
    return { category, etag: categoryEtag(category) };
  }

  async create(dto: CreateCategoryDto): Promise<{ category: CategoryDto; etag: string }> {
    const row = await this.writing(async (manager, changes) => {
      if (dto.parentId && !(await this.categories.findLive(manager, dto.parentId, 'share'))) throw unknownCategory('parentId');
      const slug = await this.freeSlug(manager, dto.slug, dto.name);
      const created = await this.categories.insert(manager, { ...dto, slug });
      changes.record(created.id, undefined, toDto(created));
      return created;
    });
    return { category: toDto(row), etag: categoryEtag({ ...toDto(row), productCount: 0 }) };
  }

  async update(id: string, dto: UpdateCategoryDto, ifMatch: string | undefined): Promise<{ category: CategoryDto; etag: string }> {
    const row = await this.writing(async (manager, changes) => {
      if (dto.parentId !== undefined) await this.categories.lockTree(manager);
      const current = await this.categories.findLive(manager, id);
      if (!current) throw notFound('category', id);
      await this.checkIfMatch(manager, current, ifMatch);
      if (dto.parentId) {
        if (!(await this.categories.findLive(manager, dto.parentId, 'share'))) throw unknownCategory('parentId');
        if (await this.categories.wouldCycle(manager, id, dto.parentId)) {
          throw new ValidationProblemException([{ field: 'parentId', message: 'parentId cannot be the category itself or one of its sub-categories' }]);
        }
      }
      if (dto.slug && dto.slug !== current.slug && (await this.categories.slugTaken(manager, dto.slug))) throw taken('slug', dto.slug);
      const updated = await this.categories.update(manager, id, current.version, dto);
      if (!updated) throw ifMatch !== undefined ? preconditionFailed() : editConflict('category');
      changes.record(id, toDto(current), toDto(updated));
      return { updated, etag: categoryEtag({ ...toDto(updated), productCount: await this.categories.productCount(manager, id) }) };
    });
    return { category: toDto(row.updated), etag: row.etag };
  }

  /** 409 while products or sub-categories remain, unless `force`: then products become uncategorised and sub-categories move up. */
  async remove(id: string, force: boolean, ifMatch: string | undefined): Promise<void> {
    await this.writing(async (manager, changes) => {
      await this.categories.lockTree(manager);
      // FOR UPDATE: nothing can be added to it (adders hold FOR SHARE) between counting and deleting.
      const current = await this.categories.findLive(manager, id, 'update');
      if (!current) throw notFound('category', id);
      await this.checkIfMatch(manager, current, ifMatch);
      const { products, children } = await this.categories.dependants(manager, id);
      if ((products || children) && !force) {
        throw new ProblemException(409, ErrorCode.CategoryNotEmpty, {
          detail: `The category still has ${products} product(s) and ${children} sub-categor${children === 1 ? 'y' : 'ies'}; delete with force=true to uncategorise them and move the sub-categories up`,
        });
      }
      await this.categories.releaseDependants(manager, current);
      if (!(await this.categories.softDelete(manager, id, current.version))) throw ifMatch !== undefined ? preconditionFailed() : editConflict('category');
      // What a forced delete did to the dependants is part of the change.
      changes.record(id, { ...toDto(current), products, children }, undefined);
    });
  }

  /** `If-Match` against the representation a GET would show now (so its product count too). */
  private async checkIfMatch(manager: EntityManager, current: CategoryRow, ifMatch: string | undefined): Promise<void> {
    if (ifMatch === undefined) return;
    const etag = categoryEtag({ ...toDto(current), productCount: await this.categories.productCount(manager, current.id) });
    if (!ifMatchSatisfied(ifMatch, etag)) throw preconditionFailed();
  }

  private async writing<T>(work: (manager: EntityManager, changes: AuditChanges) => Promise<T>): Promise<T> {
    try {
      return await this.unitOfWork.run(work);
    } catch (error) {
      const { code, constraint } = error as { code?: string; constraint?: string };
      if (code === '23505' && constraint === 'categories_slug_key') throw taken('slug', 'given');
      throw error;
    }
  }

  private async freeSlug(manager: EntityManager, requested: string | undefined, name: string): Promise<string> {
    if (requested) {
      if (await this.categories.slugTaken(manager, requested)) throw taken('slug', requested);
      return requested;
    }
    const base = slugFrom(name, CATEGORY_SLUG_MAX_LENGTH);
    return (await this.categories.slugTaken(manager, base)) ? withSuffix(base, CATEGORY_SLUG_MAX_LENGTH) : base;
  }
}
