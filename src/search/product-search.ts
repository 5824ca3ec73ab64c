import type { ProductFilter } from '../products/product-filter';
import type { ProductRow } from '../products/products.repository';
import type { TierPosition } from './product-search.repository';

/** What a search asks besides the words: the list's filters, a page size, and where the previous page ended. */
export interface SearchPageRequest {
  terms: string[];
  filter: ProductFilter;
  limit: number;
  after?: TierPosition;
}

export interface ListCondition {
  textQuery: string;
  textBroad: boolean;
  walkRows: number;
}

export interface SearchHit {
  row: ProductRow;
  position: TierPosition;
}

export interface CategoryCount {
  id: string;
  name: string;
  count: number;
}

export interface PriceBucketCount {
  /** Inclusive, in cents. */
  min: number;
  /** Exclusive, in cents; null for the last bucket. */
  max: number | null;
  count: number;
}

export interface SearchFacets {
  /** True when more products match than the exact cap: the counts are those of the first `cap` matches. */
  approximate: boolean;
  /** Matches counted (at most the cap + 1). */
  counted: number;
  category: CategoryCount[];
  price: PriceBucketCount[];
}

/**
 * The catalog's search, behind one interface so that a dedicated engine (OpenSearch, Meilisearch, Typesense)
 * can replace the PostgreSQL implementation without touching controllers or the list's rules.
 */
export abstract class ProductSearch {
  /** Matching products in relevance order (see searchTiers); none when the words can match nothing. */
  abstract page(request: SearchPageRequest, minLsn: bigint): Promise<SearchHit[]>;

  /**
   * For the plain list under other sorts than relevance (PostgreSQL's): the tsquery text every product a search
   * lists matches, and whether its words are common enough to find them by walking the order's index.
   */
  abstract listCondition(terms: string[], limit: number, minLsn: bigint): Promise<ListCondition | undefined>;

  abstract facets(terms: string[], filter: ProductFilter, minLsn: bigint): Promise<SearchFacets>;

  /** Up to `limit` distinct product names for what a shopper is typing. */
  abstract suggestions(terms: string[], limit: number, minLsn: bigint): Promise<string[]>;
}
