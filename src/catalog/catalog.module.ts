import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { DatabaseModule } from '../database/database.module';
import { CatalogCache } from './catalog-cache';
import { CatalogCacheInterceptor } from './catalog-cache.interceptor';
import { CatalogState } from './catalog-state';

/** What products and categories share: the catalog's generation and write position, and its cache. */
@Global()
@Module({
  imports: [DatabaseModule],
  providers: [CatalogState, CatalogCache, { provide: APP_INTERCEPTOR, useClass: CatalogCacheInterceptor }],
  exports: [CatalogState, CatalogCache],
})
export class CatalogModule {}
