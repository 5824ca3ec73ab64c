import { Global, Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { CatalogCache } from './catalog-cache';
import { CatalogCacheInterceptor } from './catalog-cache.interceptor';
import { CatalogHits } from './catalog-hits';
import { CatalogState } from './catalog-state';

/** What products and categories share: the catalog's generation and write position, and its cache. */
@Global()
@Module({
  imports: [DatabaseModule],
  providers: [CatalogState, CatalogCache, CatalogHits, CatalogCacheInterceptor],
  exports: [CatalogState, CatalogCache, CatalogHits, CatalogCacheInterceptor],
})
export class CatalogModule {}
