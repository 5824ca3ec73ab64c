import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter, register } from 'prom-client';
import { catalogConfig, type CatalogConfig } from '../config/catalog.config';
import { redisConfig, type RedisConfig } from '../config/redis.config';
import { withTimeout } from '../common/with-timeout';
import type { RedisConnection } from '../redis/redis-connection.factory';
import { REDIS_CLIENT } from '../redis/redis.constants';
import { CatalogState } from './catalog-state';
import { EncodedAnswer } from './encoded-answer';

/** A serialised answer: stored and sent as is, never parsed again. */
export interface CachedAnswer {
  body: string;
  etag?: string;
  /** Headers the route sets itself (a route-level deprecation), repeated on every hit. */
  headers?: Record<string, string>;
}

/** HIT or MISS; BYPASS when the cache was not used (a signed-in caller, or a view of the shared state that is not live). */
export type CacheOutcome = 'HIT' | 'MISS' | 'BYPASS';

interface Lookup {
  answer: CachedAnswer;
  outcome: CacheOutcome;
}

/** After a Redis failure, skip it this long so requests during an outage do not each wait for it. */
const REDIS_BACKOFF_MS = 1_000;

const lookups =
  (register.getSingleMetric('catalog_cache_lookups_total') as Counter<'layer' | 'result'> | undefined) ??
  new Counter({
    name: 'catalog_cache_lookups_total',
    help: 'Catalog cache lookups by layer (local, redis) and result (hit, miss; bypass on the local layer while the shared state is not live)',
    labelNames: ['layer', 'result'],
  });
// Bound once: label lookups per request would cost the hot path a hash of the labels each time.
const localHits = lookups.labels({ layer: 'local', result: 'hit' });
const localMisses = lookups.labels({ layer: 'local', result: 'miss' });
const bypasses = lookups.labels({ layer: 'local', result: 'bypass' });

/**
 * Read-through cache for public catalog answers: a small in-process LRU of serialised bodies in front of
 * Redis. Keys carry the catalog's scope (`epoch:generation`), so a write anywhere invalidates every instance's
 * entries at once. Concurrent misses for one key share one load (single flight). Redis trouble means bypass, never
 * failure: while this instance's view of the shared state is not live (see CatalogState) nothing is served from
 * the cache or stored in it, so a write made anywhere meanwhile cannot be hidden by a cached answer.
 */
@Injectable()
export class CatalogCache {
  private readonly logger = new Logger(CatalogCache.name);
  private readonly local = new Map<string, { answer: EncodedAnswer; expiresAt: number }>();
  private readonly loading = new Map<string, Promise<Lookup>>();
  private redisSkipUntil = 0;

  constructor(
    private readonly state: CatalogState,
    @Inject(catalogConfig.KEY) private readonly config: CatalogConfig,
    @Inject(REDIS_CLIENT) private readonly redis: RedisConnection | null,
    @Inject(redisConfig.KEY) private readonly redisSettings: RedisConfig,
  ) {}

  /** The answer held in this process for `key`, if any, ready to write: no Redis, no waiting (for {@link CatalogHits}). */
  peek(key: string): EncodedAnswer | undefined {
    if (!this.state.live) return undefined;
    const entry = this.local.get(`${this.state.scope}:${key}`);
    if (!entry || entry.expiresAt < Date.now()) return undefined;
    localHits.inc();
    return entry.answer;
  }

  /** The answer for `key`, loading it on a miss; `route` is the template of the route asking (kept with a local entry). */
  async getOrLoad(key: string, route: string, load: () => Promise<CachedAnswer>): Promise<Lookup> {
    // Each request its own load: one that started earlier may have read before a write this request must see.
    if (!this.state.live) return this.bypass(load);
    const fullKey = `${this.state.scope}:${key}`;
    const local = this.fromLocal(fullKey);
    if (local) return { answer: local, outcome: 'HIT' };

    // Single flight: whoever asks while a load is running waits for it instead of querying again.
    const pending = this.loading.get(fullKey);
    if (pending) {
      const shared = await pending;
      return { answer: shared.answer, outcome: shared.outcome === 'BYPASS' ? 'BYPASS' : 'HIT' };
    }

    const work = this.loadThroughRedis(fullKey, route, load);
    this.loading.set(fullKey, work);
    try {
      return await work;
    } finally {
      this.loading.delete(fullKey);
    }
  }

  private async loadThroughRedis(fullKey: string, route: string, load: () => Promise<CachedAnswer>): Promise<Lookup> {
    const redisKey = `${this.redisSettings.keyPrefix}catalog:cache:${createHash('sha1').update(fullKey).digest('base64url')}`;
    const shared = await this.redisGet(redisKey);
    // The view was lost while Redis was asked: what it holds is no longer trusted.
    if (!this.state.live) return this.bypass(load);
    if (shared) {
      lookups.inc({ layer: 'redis', result: 'hit' });
      this.remember(fullKey, shared, route);
      return { answer: shared, outcome: 'HIT' };
    }
    lookups.inc({ layer: 'redis', result: 'miss' });
    const answer = await load();
    // Lost during the load: nothing is stored (the view may have missed a write that came before the read).
    if (!this.state.live) return { answer, outcome: 'BYPASS' };
    this.remember(fullKey, answer, route);
    void this.redisSet(redisKey, answer);
    return { answer, outcome: 'MISS' };
  }

  private async bypass(load: () => Promise<CachedAnswer>): Promise<Lookup> {
    bypasses.inc();
    return { answer: await load(), outcome: 'BYPASS' };
  }

  private fromLocal(fullKey: string): CachedAnswer | undefined {
    const entry = this.local.get(fullKey);
    if (!entry || entry.expiresAt < Date.now()) {
      localMisses.inc();
      return undefined;
    }
    // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
    this.local.delete(fullKey);
    this.local.set(fullKey, entry);
    localHits.inc();
    return entry.answer.answer;
  }

  private remember(fullKey: string, answer: CachedAnswer, route: string): void {
    if (this.config.cache.localEntries === 0) return;
    this.local.set(fullKey, {
      answer: new EncodedAnswer(answer, route),
      expiresAt: Date.now() + this.config.cache.ttlSeconds * 1000,
    });
    while (this.local.size > this.config.cache.localEntries) this.local.delete(this.local.keys().next().value!);
  }

  private async redisGet(key: string): Promise<CachedAnswer | undefined> {
    if (!this.redis || Date.now() < this.redisSkipUntil) return undefined;
    try {
      const raw = await withTimeout(this.redis.get(key), this.redisSettings.commandTimeoutMs);
      return raw ? (JSON.parse(raw) as CachedAnswer) : undefined;
    } catch (error) {
      this.backOff(error);
      return undefined;
    }
  }

  private async redisSet(key: string, answer: CachedAnswer): Promise<void> {
    if (!this.redis || Date.now() < this.redisSkipUntil) return;
    try {
      await withTimeout(this.redis.set(key, JSON.stringify(answer), 'EX', this.config.cache.ttlSeconds), this.redisSettings.commandTimeoutMs);
    } catch (error) {
      this.backOff(error);
    }
  }

  private backOff(error: unknown): void {
    if (Date.now() >= this.redisSkipUntil) this.logger.warn(`Catalog cache bypasses Redis for now: ${error instanceof Error ? error.message : String(error)}`);
    this.redisSkipUntil = Date.now() + REDIS_BACKOFF_MS;
  }
}
