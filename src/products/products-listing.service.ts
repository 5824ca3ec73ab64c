import { ErrorCode } from '../common/problem/error-code';
import { Injectable } from '@nestjs/common';
import { ApiKeyScope } from '../api-keys/api-key-scope';
import { type AuthenticatedUser, readsAsStaff } from '../auth/authenticated-user';
import { CatalogState } from '../catalog/catalog-state';
import { searchTerms } from '../catalog/search-terms';
import { CursorCodec } from '../common/pagination/cursor-codec';
import { ProblemException, ValidationProblemException } from '../common/problem/problem.exception';
import { ProductSearch, type SearchHit } from '../search/product-search';
import { type ListProductsQueryDto, MAX_OFFSET_ROWS, OFFSET_TOTAL_CAP } from './dto/list-products-query.dto';
import type { ProductPageDto } from './dto/product.dto';
import type { SuggestionsDto, SuggestionsQueryDto } from './dto/suggestions.dto';
import type { ProductFilter } from './product-filter';
import { isProductCursor, type ListSort, type ProductSort } from './product-sort';
import { ProductsRepository } from './products.repository';
import { toProductDto } from './products.service';

/** A relevance cursor's key: the tier, then the creation time (the order within a tier). */
const RELEVANCE_KEY = /^([1-9])\|(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)$/;

/** The product list (filters, sorts, both pagination modes), search with facets, and suggestions. */
@Injectable()
export class ProductsListingService {
  constructor(
    private readonly products: ProductsRepository,
    private readonly search: ProductSearch,
    private readonly state: CatalogState,
    private readonly cursors: CursorCodec,
  ) {}

  /** `caller`: the signed-in user, if any; staff (admin and up) get exact offset totals, everyone else's stop at the cap. */
  async list(query: ListProductsQueryDto, caller?: AuthenticatedUser): Promise<ProductPageDto> {
    if (query.sort === 'relevance' && !query.q) throw new ValidationProblemException([{ field: 'sort', message: 'sort=relevance needs a search (q)' }]);
    if (query.page && query.cursor) throw new ValidationProblemException([{ field: 'page', message: 'use either page or cursor, not both' }]);
    const sort: ProductSort = query.sort ?? (query.q ? 'relevance' : '-createdAt');
    const terms = query.q === undefined ? undefined : searchTerms(query.q);
    const filter = await this.filterFor(query);
    const exactTotal = readsAsStaff(caller, ApiKeyScope.CatalogRead);
    const [page, facets] = await Promise.all([this.pageOf(query, sort, terms, filter, exactTotal), this.facetsOf(query, terms, filter)]);
    return facets ? { ...page, facets } : page;
  }

  async suggestions(query: SuggestionsQueryDto): Promise<SuggestionsDto> {
    return { data: await this.search.suggestions(searchTerms(query.q), query.limit, this.state.minLsn) };
  }

  private async pageOf(
    query: ListProductsQueryDto,
    sort: ProductSort,
    terms: string[] | undefined,
    filter: ProductFilter | undefined,
    exactTotal: boolean,
  ): Promise<ProductPageDto> {
    const empty = { data: [], page: { limit: query.limit, nextCursor: null, hasMore: false } };
    if (filter === undefined || terms?.length === 0) return empty;
    if (sort === 'relevance') return this.relevancePage(query, terms!, filter, exactTotal);
    if (terms) {
      const condition = await this.search.listCondition(terms, query.limit + 1, this.state.minLsn);
      if (!condition) return empty;
      filter = { ...filter, ...condition };
    }
    if (query.page) return this.offsetPage(query, filter, sort, exactTotal);
    const after = query.cursor ? this.cursors.of('products').decode(query.cursor, isProductCursor) : undefined;
    if (after && after.s !== sort) throw wrongSort(after.s);
    const rows = await this.products.page({ filter, sort, limit: query.limit + 1, after: after && { key: after.k, id: after.i } }, this.state.minLsn);
    return this.cursors.of('products').page(rows, query.limit, toProductDto, (last) => ({ s: sort, k: last.sortKey!, i: last.id }));
  }

  private async relevancePage(query: ListProductsQueryDto, terms: string[], filter: ProductFilter, exactTotal: boolean): Promise<ProductPageDto> {
    if (query.page) {
      const offset = this.offsetOf(query);
      const [hits, counted] = await Promise.all([
        this.search.page({ terms, filter, limit: offset + query.limit }, this.state.minLsn),
        this.countMatches(terms, filter, exactTotal),
      ]);
      return offsetPageOf(
        query,
        hits.slice(offset).map((hit) => toProductDto(hit.row)),
        counted,
      );
    }
    const cursor = query.cursor ? this.cursors.of('products').decode(query.cursor, isProductCursor) : undefined;
    if (cursor && cursor.s !== 'relevance') throw wrongSort(cursor.s);
    const key = cursor && RELEVANCE_KEY.exec(cursor.k);
    if (cursor && !key) throw new ProblemException(400, ErrorCode.InvalidCursor, { detail: 'This cursor does not belong to this list' });
    const after = key ? { tier: Number(key[1]), createdAt: key[2], id: cursor!.i } : undefined;
    const hits = await this.search.page({ terms, filter, limit: query.limit + 1, after }, this.state.minLsn);
    return this.cursors.of('products').page(
      hits,
      query.limit,
      (hit: SearchHit) => toProductDto(hit.row),
      (last) => ({ s: 'relevance', k: `${last.position.tier}|${last.position.createdAt}`, i: last.position.id }),
    );
  }

  private async facetsOf(query: ListProductsQueryDto, terms: string[] | undefined, filter: ProductFilter | undefined) {
    if (!query.facets?.length) return undefined;
    const facets = filter && terms?.length !== 0 ? await this.search.facets(terms ?? [], filter, this.state.minLsn) : undefined;
    const counted = facets ?? { approximate: false, counted: 0, category: [], price: [] };
    return {
      approximate: counted.approximate,
      counted: counted.counted,
      ...(query.facets.includes('category') ? { category: counted.category } : {}),
      ...(query.facets.includes('price') ? { price: counted.price } : {}),
    };
  }

  private async offsetPage(query: ListProductsQueryDto, filter: ProductFilter, sort: ListSort, exactTotal: boolean): Promise<ProductPageDto> {
    const offset = this.offsetOf(query);
    const [rows, counted] = await Promise.all([
      this.products.page({ filter, sort, limit: query.limit, offset }, this.state.minLsn),
      this.count(filter, exactTotal),
    ]);
    return offsetPageOf(query, rows.map(toProductDto), counted);
  }

  /** The matches of `filter`, all of them, or up to one more than the cap: enough to tell that the cap is exceeded. */
  private async count(filter: ProductFilter, exact: boolean): Promise<Counted> {
    const matches = await this.products.count(filter, this.state.minLsn, exact ? undefined : OFFSET_TOTAL_CAP + 1);
    return { matches, capped: !exact && matches > OFFSET_TOTAL_CAP };
  }

  private offsetOf(query: ListProductsQueryDto): number {
    const offset = (query.page! - 1) * query.limit;
    if (offset + query.limit > MAX_OFFSET_ROWS) {
      throw new ProblemException(400, ErrorCode.OffsetTooDeep, {
        detail: `Offset pages stop at ${MAX_OFFSET_ROWS} rows; use cursor pagination (page.nextCursor) to go further`,
      });
    }
    return offset;
  }

  private async countMatches(terms: string[], filter: ProductFilter, exact: boolean): Promise<Counted> {
    const condition = await this.search.listCondition(terms, 1, this.state.minLsn);
    return condition ? this.count({ ...filter, textQuery: condition.textQuery }, exact) : { matches: 0, capped: false };
  }

  /** The filter of a list query without its words; undefined when it can match nothing (an unknown category). */
  private async filterFor(query: ListProductsQueryDto): Promise<ProductFilter | undefined> {
    const filter: ProductFilter = { minPrice: query.minPrice, maxPrice: query.maxPrice, inStock: query.inStock };
    if (query.categoryId) {
      filter.categoryIds = query.includeDescendants ? await this.products.subtree(query.categoryId, this.state.minLsn) : [query.categoryId];
      if (!filter.categoryIds.length) return undefined;
    }
    return filter;
  }
}

function wrongSort(sort: string): ProblemException {
  return new ProblemException(400, ErrorCode.InvalidCursor, { detail: `This cursor belongs to sort=${sort}` });
}

/** Matches counted for an offset page's total: all of them, or (`capped`) more than OFFSET_TOTAL_CAP, counting stopped. */
interface Counted {
  matches: number;
  capped: boolean;
}

/** A capped total reads as the cap; `hasMore` looks at the matches counted, so it stays true on every page a capped total reaches. */
function offsetPageOf(query: ListProductsQueryDto, data: ProductPageDto['data'], counted: Counted): ProductPageDto {
  const total = counted.capped ? OFFSET_TOTAL_CAP : counted.matches;
  const hasMore = query.page! * query.limit < counted.matches;
  return {
    data,
    page: { limit: query.limit, nextCursor: null, hasMore, page: query.page, total, totalCapped: counted.capped, totalPages: Math.ceil(total / query.limit) },
  };
}
