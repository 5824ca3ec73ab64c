import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { SearchModule } from '../search/search.module';
import { ProductsController } from './products.controller';
import { ProductsListingService } from './products-listing.service';
import { ProductsRepository } from './products.repository';
import { ProductsService } from './products.service';

@Module({
  imports: [DatabaseModule, SearchModule],
  controllers: [ProductsController],
  providers: [ProductsRepository, ProductsService, ProductsListingService],
  exports: [ProductsRepository],
})
export class ProductsModule {}
