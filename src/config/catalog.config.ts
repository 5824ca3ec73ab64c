import { registerAs } from '@nestjs/config';
import { IsBoolean, IsInt, Matches, Max, Min } from 'class-validator';
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

  /** Answers kept in each process in front of Redis (the hottest keys). */
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  CATALOG_CACHE_LOCAL_ENTRIES = 2_000;

  /** Serve answers held in this process from the HTTP server's listener, before Fastify and Nest (see CatalogFastPath). */
  @ToBoolean()
  @IsBoolean()
  CATALOG_CACHE_FAST_PATH = true;

  /**
   * Relevance ranks at most this many matches per search branch (full-text, typo): a broad term such as
   * "lamp" matches tens of thousands of products, and ranking them all costs a second per request.
   */
  @ToInt()
  @IsInt()
  @Min(20)
  @Max(100_000)
  CATALOG_SEARCH_RANK_WINDOW = 1_000;
}

export function catalogConfigFrom(env: Environment) {
  const parsed = validateEnvironment(CatalogEnvironment, env);
  return {
    defaultCurrency: parsed.CATALOG_DEFAULT_CURRENCY,
    searchRankWindow: parsed.CATALOG_SEARCH_RANK_WINDOW,
    cache: {
      enabled: parsed.CATALOG_CACHE_ENABLED,
      ttlSeconds: parsed.CATALOG_CACHE_TTL_SECONDS,
      maxAgeSeconds: parsed.CATALOG_CACHE_MAX_AGE_SECONDS,
      localEntries: parsed.CATALOG_CACHE_LOCAL_ENTRIES,
      fastPath: parsed.CATALOG_CACHE_FAST_PATH,
    },
  };
}

export const catalogConfig = registerAs('catalog', () => catalogConfigFrom(readEnvironment()));
export type CatalogConfig = ReturnType<typeof catalogConfigFrom>;
