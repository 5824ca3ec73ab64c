import { Global, Logger, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyStore } from './idempotency.store';
import { PostgresIdempotencyStore } from './postgres-idempotency.store';

/** `@Idempotent()` routes: the interceptor the decorator applies and its store, the primary database. */
@Global()
@Module({
  providers: [
    {
      provide: IdempotencyStore,
      inject: [DataSource],
      useFactory: (dataSource: DataSource): IdempotencyStore => {
        const store = new PostgresIdempotencyStore(dataSource);
        new Logger('Idempotency').log(`Idempotency keys are kept in ${store.kind}`);
        return store;
      },
    },
    IdempotencyInterceptor,
  ],
  exports: [IdempotencyStore, IdempotencyInterceptor],
})
export class IdempotencyModule {}
