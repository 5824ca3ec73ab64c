import { Global, Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { CatalogCache } from './catalog-cache';
import { CatalogCacheInterceptor } from './catalog-cache.interceptor';
import { CatalogFastPath } from './catalog-fast-path';
import { CatalogState } from './catalog-state';
import { RateLimitModule } from '../rate-limit/rate-limit.module';

/** What products and categories share: the catalog's generation and write position, and its cache. */
@Global()
@Module({
  imports: [DatabaseModule, RateLimitModule],
  providers: [CatalogState, CatalogCache, CatalogFastPath, CatalogCacheInterceptor],
  exports: [CatalogState, CatalogCache, CatalogFastPath, CatalogCacheInterceptor],
})
export class CatalogModule {}
