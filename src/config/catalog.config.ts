import { registerAs } from '@nestjs/config';
import { IsBoolean, IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { ConfigValidationError } from './config-validation.error';
import { readEnvironment, validateEnvironment, type Environment } from './environment';
import { ToBoolean, ToInt } from './env-transforms';

class CatalogEnvironment {
  /** ISO 4217 code given to products created without one. */
  @Matches(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 currency code such as EUR' })
  CATALOG_DEFAULT_CURRENCY = 'EUR';

  @ToBoolean()
  @IsBoolean()
  CATALOG_CACHE_ENABLED = true;

  /** How long Redis keeps a cached answer (writes invalidate it sooner). */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(86_400)
  CATALOG_CACHE_TTL_SECONDS = 60;

  /** `Cache-Control: public, max-age` on public catalog reads (browsers and CDNs). */
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(86_400)
  CATALOG_CACHE_MAX_AGE_SECONDS = 30;

  /**
   * Answers kept in each process in front of Redis (the hottest keys), as bytes outside the V8 heap. Search
   * brings thousands of distinct answers a minute (queries, facets, suggestions): each one held here is served
   * before Fastify; one that only Redis holds costs the whole Nest pipeline.
   */
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  CATALOG_CACHE_LOCAL_ENTRIES = 5_000;

  /** Answer hits held in this process at the edge, before Nest's router, guards and interceptors (see CatalogHits). */
  @ToBoolean()
  @IsBoolean()
  CATALOG_CACHE_FAST_PATH = true;

  /**
   * A search for a word many products share reads at most this many of the newest products (matching the other
   * filters) to fill a page, instead of ranking every match; a rarer word is looked up in the full-text index.
   */
  @ToInt()
  @IsInt()
  @Min(100)
  @Max(100_000)
  CATALOG_SEARCH_WALK_ROWS = 1_000;

  /** The most matches one relevance tier reads from the full-text index (results are exact up to this many). */
  @ToInt()
  @IsInt()
  @Min(100)
  @Max(100_000)
  CATALOG_SEARCH_WINDOW = 250;

  /**
   * `auto`: each tier's plan follows the statistics of its words; `index` or `walk` forces one plan for every tier
   * (both are bounded; for a catalog restored without statistics, or to compare them).
   */
  @IsIn(['auto', 'index', 'walk'])
  CATALOG_SEARCH_PLAN: 'auto' | 'index' | 'walk' = 'auto';

  /**
   * Words whose statistics say they are in at least this percentage of products are found by walking the newest
   * products (a page of them is among the first few hundred); rarer ones are looked up in the full-text index.
   */
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(100)
  CATALOG_SEARCH_WALK_ABOVE_PERCENT = 3;

  /** Facet counts are exact up to this many matching products; beyond, they count this many and say `approximate`. */
  @ToInt()
  @IsInt()
  @Min(100)
  @Max(100_000)
  CATALOG_FACET_EXACT_CAP = 500;

  /** Categories a category facet lists (the most frequent first). */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(100)
  CATALOG_FACET_CATEGORIES = 10;

  /** Edges of the price facet's buckets, in cents, ascending: `1000,5000` gives below 10.00, 10.00–50.00, 50.00 and up. */
  @Matches(/^\d{1,9}(,\d{1,9}){0,19}$/, { message: 'must be up to 20 comma-separated prices in cents, ascending' })
  CATALOG_FACET_PRICE_EDGES = '1000,2500,5000,10000,25000,50000';
}

export function catalogConfigFrom(env: Environment) {
  const parsed = validateEnvironment(CatalogEnvironment, env);
  return {
    defaultCurrency: parsed.CATALOG_DEFAULT_CURRENCY,
    search: {
      walkRows: parsed.CATALOG_SEARCH_WALK_ROWS,
      windowRows: parsed.CATALOG_SEARCH_WINDOW,
      walkAboveShare: parsed.CATALOG_SEARCH_WALK_ABOVE_PERCENT / 100,
      plan: parsed.CATALOG_SEARCH_PLAN,
    },
    facets: {
      exactCap: parsed.CATALOG_FACET_EXACT_CAP,
      categories: parsed.CATALOG_FACET_CATEGORIES,
      priceEdges: priceEdges(parsed.CATALOG_FACET_PRICE_EDGES),
    },
    cache: {
      enabled: parsed.CATALOG_CACHE_ENABLED,
      ttlSeconds: parsed.CATALOG_CACHE_TTL_SECONDS,
      maxAgeSeconds: parsed.CATALOG_CACHE_MAX_AGE_SECONDS,
      localEntries: parsed.CATALOG_CACHE_LOCAL_ENTRIES,
      fastPath: parsed.CATALOG_CACHE_FAST_PATH,
    },
  };
}

function priceEdges(text: string): number[] {
  const edges = text.split(',').map(Number);
  if (edges.some((edge, index) => index > 0 && edge <= edges[index - 1])) {
    throw new ConfigValidationError(['CATALOG_FACET_PRICE_EDGES: must be strictly ascending']);
  }
  return edges;
}

export const catalogConfig = registerAs('catalog', () => catalogConfigFrom(readEnvironment()));
export type CatalogConfig = ReturnType<typeof catalogConfigFrom>;
