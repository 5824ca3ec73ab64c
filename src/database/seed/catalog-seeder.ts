import { randomBytes } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { droppableIndexes, dropIndexes } from './product-indexes';
import { shouldRebuildIndexes, type SeedOptions } from './seed-options';
import { categoryTreeShape, createCategoryPool, insertCategories, insertProducts, type Statement } from './seed-sql';

const BATCH_SIZE = 100_000;
const DAY_MS = 86_400_000;
/** Products are created over the last two years; categories in the weeks before the first product. */
const HISTORY_DAYS = 730;

export interface SeedReport {
  categories: number;
  products: number;
  indexesRebuilt: number;
  tag: string;
}

export type Progress = (message: string) => void;

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

/**
 * Fills the catalog with set-based SQL (`INSERT … SELECT … FROM generate_series`) on one primary connection.
 * The caller owns the transaction.
 */
export class CatalogSeeder {
  /** Six random characters in every slug and sku of this run, so appending never collides with earlier runs. */
  private readonly tag = randomBytes(4).readUInt32BE().toString(36).padStart(6, '0').slice(-6);

  constructor(
    private readonly runner: QueryRunner,
    private readonly progress: Progress,
  ) {}

  async seed(options: SeedOptions): Promise<SeedReport> {
    const now = new Date();
    const productsFrom = new Date(now.getTime() - HISTORY_DAYS * DAY_MS);
    if (options.truncate) {
      await this.runner.query('TRUNCATE stock_adjustments, products, categories');
      this.progress('emptied stock_adjustments, products and categories');
    }
    await this.seedCategories(options.categories, new Date(productsFrom.getTime() - 60 * DAY_MS));
    const indexesRebuilt = await this.seedProducts(options, productsFrom, now);
    return { categories: options.categories, products: options.products, indexesRebuilt, tag: this.tag };
  }

  private async seedCategories(count: number, createdFrom: Date): Promise<void> {
    if (count === 0) return;
    const started = performance.now();
    await this.run(insertCategories(count, this.tag, createdFrom));
    const { roots } = categoryTreeShape(count);
    this.progress(`categories: ${count} (${roots} roots) in ${seconds(started)}`);
  }

  private async seedProducts(options: SeedOptions, createdFrom: Date, now: Date): Promise<number> {
    if (options.products === 0) return 0;
    await this.run(createCategoryPool());
    const [{ pool }] = await this.runner.query(`SELECT count(*)::int AS pool FROM seed_category_pool`);
    const [{ existing }] = await this.runner.query(`SELECT count(*)::int AS existing FROM products`);
    if (pool === 0) this.progress('no categories: products get none');

    const rebuild = shouldRebuildIndexes(options.indexes, options.products, existing);
    const indexes = rebuild ? await droppableIndexes(this.runner, 'products') : [];
    if (rebuild) {
      await dropIndexes(this.runner, indexes);
      this.progress(`dropped ${indexes.length} products indexes for the bulk insert (${existing} rows already there)`);
    }

    const started = performance.now();
    for (let from = 1; from <= options.products; from += BATCH_SIZE) {
      const to = Math.min(options.products, from + BATCH_SIZE - 1);
      await this.run(
        insertProducts({ from, to, total: options.products, categoryPoolSize: pool, currency: options.currency, tag: this.tag, createdFrom, now }),
      );
      const elapsed = (performance.now() - started) / 1000;
      this.progress(
        `products: ${to}/${options.products} (${Math.round((to / options.products) * 100)}%) ${elapsed.toFixed(1)} s, ${Math.round(to / elapsed)} rows/s`,
      );
    }

    for (const index of indexes) {
      const indexStarted = performance.now();
      await this.runner.query(index.definition);
      this.progress(`rebuilt ${index.name} in ${seconds(indexStarted)}`);
    }
    return indexes.length;
  }

  private async run(statement: Statement): Promise<void> {
    await this.runner.query(statement.text, statement.values);
  }
}
