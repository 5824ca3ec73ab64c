import { Inject, Injectable } from '@nestjs/common';
import { CatalogState } from '../catalog/catalog-state';
import { catalogConfig, type CatalogConfig } from '../config/catalog.config';
import type { ProductFilter } from '../products/product-filter';
import { LexemeStatistics } from './lexeme-statistics';
import {
  type CategoryCount,
  type ListCondition,
  type PriceBucketCount,
  ProductSearch,
  type SearchFacets,
  type SearchHit,
  type SearchPageRequest,
} from './product-search';
import { ProductSearchRepository, type TermAnalysis } from './product-search.repository';
import { type AnalysedTerm, nearWords, type SearchQueries, searchQueries, searchTiers, type TierPlanning } from './search-queries';

/** Analysed words kept per process until the next catalog write: most searches repeat words. */
const ANALYSIS_ENTRIES = 10_000;
const ANALYSIS_TTL_MS = 5 * 60_000;
/**
 * Rows of its order's index a list sorted by price, name or date reads at most to find a search's page (about
 * 6 ms): words in 1 product in 100 fill a page of 20 from it; rarer ones sort their matches instead.
 */
const LIST_WALK_ROWS = 5_000;
/** Products a suggestion list draws its distinct names from. */
const SUGGESTION_ROWS = 60;

@Injectable()
export class PostgresProductSearch extends ProductSearch {
  private readonly analysed = new Map<string, { term: Promise<AnalysedTerm>; until: number }>();
  /** The catalog generation the analysed words were read at: a write may bring new words (see CatalogState). */
  private analysedAt = -1;

  constructor(
    private readonly repository: ProductSearchRepository,
    private readonly state: CatalogState,
    private readonly statistics: LexemeStatistics,
    @Inject(catalogConfig.KEY) private readonly config: CatalogConfig,
  ) {
    super();
  }

  async page(request: SearchPageRequest, minLsn: bigint): Promise<SearchHit[]> {
    const queries = await this.queries(request.terms, false, minLsn);
    if (!queries) return [];
    await this.statistics.ensureFresh();
    const rows = await this.repository.rankedPage(
      {
        filter: request.filter,
        tiers: searchTiers(queries, this.planning()),
        limit: request.limit,
        after: request.after,
        walkRows: this.config.search.walkRows,
        windowRows: this.config.search.windowRows,
      },
      minLsn,
    );
    return rows.map(({ searchTier, createdKey, ...row }) => ({ row, position: { tier: searchTier, createdAt: createdKey, id: row.id } }));
  }

  async listCondition(terms: string[], limit: number, minLsn: bigint): Promise<ListCondition | undefined> {
    const queries = await this.queries(terms, false, minLsn);
    if (!queries) return undefined;
    await this.statistics.ensureFresh();
    const { plan } = this.config.search;
    // Walk when the walk can be expected to meet twice the page: sorting every match costs ~2.5 µs a match.
    const expected = this.statistics.atMost('search', queries.forms.prefix) * LIST_WALK_ROWS;
    const broad = plan === 'auto' ? expected >= 2 * limit : plan === 'walk';
    return { textQuery: queries.any, textBroad: broad, walkRows: LIST_WALK_ROWS };
  }

  async facets(terms: string[], filter: ProductFilter, minLsn: bigint): Promise<SearchFacets> {
    const queries = terms.length ? await this.queries(terms, false, minLsn) : undefined;
    const { exactCap, categories, priceEdges } = this.config.facets;
    const match = queries && { column: 'search' as const, query: queries.any };
    // Words that can match nothing (stop words only) count nothing.
    const rows = terms.length && !queries ? [] : await this.repository.facets({ filter, match, cap: exactCap, categories, priceEdges }, minLsn);
    const category: CategoryCount[] = rows.filter((row) => row.facet === 'category').map((row) => ({ id: row.key!, name: row.label!, count: row.count }));
    const byBucket = new Map(rows.filter((row) => row.facet === 'price').map((row) => [Number(row.key), row.count]));
    // width_bucket: 0 below the first edge, i from edge i-1 (inclusive) to edge i, n from the last edge up.
    const price: PriceBucketCount[] = [0, ...priceEdges].map((min, index) => ({ min, max: priceEdges[index] ?? null, count: byBucket.get(index) ?? 0 }));
    const counted = rows.find((row) => row.facet === 'total')?.count ?? 0;
    return { approximate: counted > exactCap, counted: Math.min(counted, exactCap), category, price };
  }

  async suggestions(terms: string[], limit: number, minLsn: bigint): Promise<string[]> {
    const queries = await this.queries(terms, true, minLsn);
    if (!queries) return [];
    await this.statistics.ensureFresh();
    const rows = await this.repository.rankedPage(
      {
        filter: {},
        tiers: searchTiers(queries, this.planning(), true),
        limit: SUGGESTION_ROWS,
        walkRows: this.config.search.walkRows,
        windowRows: this.config.search.windowRows,
      },
      minLsn,
    );
    return [...new Set(rows.map((row) => row.name))].slice(0, limit);
  }

  private planning(): TierPlanning {
    return { estimates: this.statistics, walkAboveShare: this.config.search.walkAboveShare, plan: this.config.search.plan };
  }

  private async queries(terms: string[], prefixLast: boolean, minLsn: bigint): Promise<SearchQueries | undefined> {
    if (!terms.length) return undefined;
    return searchQueries(await this.analyse(terms, prefixLast, minLsn));
  }

  /**
   * The terms' analyses, each looked up once per process until the next catalog write. A promise is kept, not a
   * result: a faceted search asks for the page and the facets at once, and both wait for the same lookup.
   */
  private analyse(terms: string[], prefixLast: boolean, minLsn: bigint): Promise<AnalysedTerm[]> {
    const now = Date.now();
    if (this.analysedAt !== this.state.generation) {
      this.analysed.clear();
      this.analysedAt = this.state.generation;
    }
    const keys = terms.map((term, index) => `${prefixLast && index === terms.length - 1 ? '*' : ''}${term}`);
    const fresh = keys.map((key) => this.analysed.get(key)).map((entry) => (entry && entry.until > now ? entry.term : undefined));
    if (fresh.every(Boolean)) return Promise.all(fresh as Array<Promise<AnalysedTerm>>);
    const loaded = this.repository
      .analyse(terms, prefixLast, minLsn)
      .then((rows) => rows.map((row, index) => analysedTerm(row, prefixLast && index === terms.length - 1)));
    const missing = keys.filter((_key, index) => !fresh[index]);
    // A failed lookup is not kept: the next search asks again.
    loaded.catch(() => missing.forEach((key) => this.analysed.delete(key)));
    if (this.analysed.size + missing.length > ANALYSIS_ENTRIES) this.analysed.clear();
    const analysed = keys.map((key, index) => {
      const term = fresh[index] ?? loaded.then((all) => all[index]);
      if (!fresh[index]) this.analysed.set(key, { term, until: now + ANALYSIS_TTL_MS });
      return term;
    });
    return Promise.all(analysed);
  }
}

function analysedTerm(row: TermAnalysis, asPrefix: boolean): AnalysedTerm {
  const stems = new Map(row.candidates.map((candidate) => candidate.split(' ') as [string, string]));
  const near = nearWords(row.term, [...stems.keys()], asPrefix);
  return {
    term: row.term,
    lexeme: row.lexeme ?? undefined,
    near,
    nearLexemes: near.map((word) => stems.get(word)!),
    extends: row.extends,
    known: stems.has(row.term),
  };
}
