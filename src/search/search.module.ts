import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { LexemeStatistics } from './lexeme-statistics';
import { PostgresProductSearch } from './postgres-product-search';
import { ProductSearch } from './product-search';
import { ProductSearchRepository } from './product-search.repository';

/** The catalog's search; another engine is another provider for the `ProductSearch` token. */
@Module({
  imports: [DatabaseModule],
  providers: [LexemeStatistics, ProductSearchRepository, { provide: ProductSearch, useClass: PostgresProductSearch }],
  exports: [ProductSearch],
})
export class SearchModule {}
