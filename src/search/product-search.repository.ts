import { Injectable } from '@nestjs/common';
import { ReadRouter } from '../database/read-router';
import { type ProductFilter, SqlParams, visibleProductConditions } from '../products/product-filter';
import { type SortSpec, sortKeySql } from '../products/product-sort';
import { PRODUCT_COLUMNS, type ProductRow } from '../products/products.repository';
import type { SearchTier, TextCondition } from './search-queries';

/** A tier's order, newest first; its key travels in cursors as the list's timestamp keys do. */
const CREATED_KEY: SortSpec = { column: 'p.created_at', descending: true, kind: 'timestamp' };

/** Where a relevance page resumes: after this product of this tier. */
export interface TierPosition {
  tier: number;
  createdAt: string;
  id: string;
}

export interface RankedPageRequest {
  filter: ProductFilter;
  tiers: SearchTier[];
  limit: number;
  after?: TierPosition;
  /** How many of the newest products a dense tier reads at most before it asks the full-text index. */
  walkRows: number;
  /** How many matches a tier reads from the full-text index at most. */
  windowRows: number;
}

export type RankedRow = ProductRow & { searchTier: number; createdKey: string };

export interface FacetRequest {
  filter: ProductFilter;
  /** What the products counted match besides the filters; none: every product the filters let through. */
  match?: TextCondition;
  cap: number;
  categories: number;
  priceEdges: number[];
}

export interface TermAnalysis {
  term: string;
  lexeme: string | null;
  /** "word stem" of each vocabulary word one deletion away from the term (or, typed, its start). */
  candidates: string[];
  extends: boolean;
}

export interface FacetRow {
  facet: 'category' | 'price' | 'total';
  key: string | null;
  label: string | null;
  count: number;
}

/**
 * The search's SQL. A relevance page is one statement: one CTE per tier, each run only while the tiers before it
 * have not filled the page (a one-time filter on their counts), then the page's rows in tier order.
 *
 * A tier is read one of two ways, both bounded, chosen from the statistics of its words (see searchTiers):
 * - sparse: the matches from the GIN index (a CTE without LIMIT is planned for all its rows: a bitmap scan, which
 *   the planner would not choose under a LIMIT), at most `windowRows` of them, then the newest `limit`.
 * - dense: the newest `walkRows` products that pass the filters, in index order, keeping matches until the
 *   page is full (a common word fills a page after a few dozen rows); only when fewer than `limit` are among
 *   them, also up to `windowRows` matches from the index. Words that are each common but rarely together never
 *   read more than `walkRows` + `windowRows` rows.
 * Both are exact (newest first within the tier) whenever a tier has at most `windowRows` matches or the newest
 * `walkRows` products hold a page of them; otherwise a page holds the newest of a window of the matches.
 * A heap row costs 1.5 to 8 µs here (shared buffers or the OS cache), so rows read is what a search costs.
 */
@Injectable()
export class ProductSearchRepository {
  constructor(private readonly reader: ReadRouter) {}

  async rankedPage(request: RankedPageRequest, minLsn: bigint): Promise<RankedRow[]> {
    const params = new SqlParams();
    const limit = params.add(request.limit);
    const tiers = request.tiers.filter((tier) => !request.after || tier.rank >= request.after.tier);
    if (!tiers.length) return [];
    const ctes: string[] = [];
    const done: string[] = [];
    // The filters' conditions, bound once and shared by every tier.
    const visible = visibleProductConditions(request.filter, params);
    for (const tier of tiers) {
      const where = [...visible];
      if (request.after && tier.rank === request.after.tier) {
        where.push(`(p.created_at, p.id) < (${params.add(request.after.createdAt)}::timestamptz, ${params.add(request.after.id)}::uuid)`);
      }
      // Runs only while the tiers above have not filled the page.
      if (done.length) where.push(`${done.map((name) => `(SELECT count(*) FROM ${name})`).join(' + ')} < ${limit}`);
      const name = `tier${tier.rank}`;
      const matches = (alias: string) =>
        [condition(alias, tier.match, params), ...tier.exclude.map((excluded) => `NOT ${condition(alias, excluded, params)}`)].join(' AND ');
      const all = `SELECT p.id, p.created_at FROM products p WHERE ${[...where, matches('p')].join(' AND ')}`;
      // Planned for all matches (the GIN index), read only as far as the LIMIT that reads it asks.
      // A page deeper than the window (offset pages of the back office) reads as far as the page goes.
      // Limits from the configuration are written as numbers, not parameters: under a parameter the generic plan
      // assumes a tenth of the table, and may sort it rather than walk an index.
      const window = `(SELECT id, created_at FROM ${name}_all LIMIT ${Math.trunc(Math.max(request.windowRows, request.limit))})`;
      if (tier.dense) {
        ctes.push(
          `${name}_walk AS MATERIALIZED (SELECT w.id, w.created_at FROM (SELECT p.id, p.created_at, p.name_search, p.search FROM products p
             WHERE ${where.join(' AND ')} ORDER BY p.created_at DESC, p.id DESC LIMIT ${Math.trunc(request.walkRows)}) w
             WHERE ${matches('w')} ORDER BY w.created_at DESC, w.id DESC LIMIT ${limit})`,
          `${name}_all AS MATERIALIZED (${all} AND (SELECT count(*) FROM ${name}_walk) < ${limit})`,
          `${name} AS MATERIALIZED (SELECT id, created_at FROM (SELECT id, created_at FROM ${name}_walk UNION ${window}) u
             ORDER BY created_at DESC, id DESC LIMIT ${limit})`,
        );
      } else {
        ctes.push(
          `${name}_all AS MATERIALIZED (${all})`,
          `${name} AS MATERIALIZED (SELECT id, created_at FROM ${window} u ORDER BY created_at DESC, id DESC LIMIT ${limit})`,
        );
      }
      done.push(name);
    }
    const ranked = tiers.map((tier) => `SELECT id, ${tier.rank} AS tier FROM tier${tier.rank}`).join(' UNION ALL ');
    const sql = `WITH ${ctes.join(',\n')}
      SELECT ${PRODUCT_COLUMNS}, r.tier AS "searchTier", ${sortKeySql(CREATED_KEY)} AS "createdKey"
      FROM (${ranked}) r JOIN products p ON p.id = r.id
      ORDER BY r.tier, p.created_at DESC, p.id DESC LIMIT ${limit}`;
    return this.reader.query<RankedRow>(sql, params.values, minLsn);
  }

  /**
   * Counts per category (the most frequent, with names) and per price bucket over at most `cap` matches, reading
   * at most `cap + 1`: the CTE of all matches is planned for all its rows (the GIN index) but read only as far as
   * the LIMITs above it ask. `total` is `cap + 1` when more match: the counts are then those of the first `cap`.
   */
  async facets(request: FacetRequest, minLsn: bigint): Promise<FacetRow[]> {
    const params = new SqlParams();
    const where = visibleProductConditions(request.filter, params);
    if (request.match) where.push(condition('p', request.match, params));
    const cap = params.add(request.cap);
    const sql = `WITH matches AS MATERIALIZED (SELECT p.category_id, p.price FROM products p WHERE ${where.join(' AND ')}),
        counted AS (SELECT * FROM matches LIMIT ${cap})
      SELECT 'category' AS facet, x.category_id::text AS key, c.name AS label, x.n AS count
        FROM (SELECT category_id, count(*)::int AS n FROM counted WHERE category_id IS NOT NULL GROUP BY category_id
              ORDER BY n DESC, category_id LIMIT ${params.add(request.categories)}) x
        JOIN categories c ON c.id = x.category_id
      UNION ALL
      SELECT 'price', width_bucket(price, ${params.add(request.priceEdges)}::int[])::text, NULL, count(*)::int FROM counted GROUP BY 2
      UNION ALL
      SELECT 'total', NULL, NULL, ((SELECT count(*) FROM counted) + (SELECT count(*) FROM (SELECT 1 FROM matches OFFSET ${cap} LIMIT 1) more))::int`;
    return this.reader.query<FacetRow>(sql, params.values, minLsn);
  }

  /** Each term's stem (none for a stop word), and as "word stem" the vocabulary words one deletion apart from it or its prefix (see the migration). */
  async analyse(terms: string[], prefixLast: boolean, minLsn: bigint): Promise<TermAnalysis[]> {
    return this.reader.query(
      `SELECT t.term,
         (ts_lexize('english_stem', t.term))[1] AS lexeme,
         CASE WHEN length(t.term) < 4 THEN '{}'::text[] ELSE ARRAY(
           SELECT DISTINCT v.word || ' ' || coalesce((ts_lexize('english_stem', v.word))[1], v.word) FROM search_word_variants v
           WHERE v.variant IN (SELECT t.term UNION ALL SELECT left(t.term, i - 1) || substr(t.term, i + 1) FROM generate_series(1, length(t.term)) AS i)
             AND (v.whole OR ($2 AND t.n = cardinality($1::text[])))
           LIMIT 20) END AS candidates,
         length(t.term) < 4 OR EXISTS (SELECT 1 FROM search_word_variants v WHERE v.variant = t.term AND NOT v.whole AND starts_with(v.word, t.term)) AS extends
       FROM unnest($1::text[]) WITH ORDINALITY AS t(term, n)`,
      [terms, prefixLast],
      minLsn,
    );
  }
}

function condition(alias: string, text: TextCondition, params: SqlParams): string {
  return `${alias}.${text.column} @@ to_tsquery('english', ${params.add(text.query)})`;
}
