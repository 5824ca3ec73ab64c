import type { DataSource } from 'typeorm';
import { CatalogSeeder, type Progress } from '../database/seed/catalog-seeder';
import type { SeedOptions } from '../database/seed/seed-options';

/** Loaded in seconds, yet enough to page, filter, facet and search: a three-level tree of 40 categories, 300 products. */
export const DEMO_CATALOG_SIZE = { categories: 40, products: 300 };

export interface DemoCatalog {
  /** False when the catalog already had rows: the demo then adds none. */
  added: boolean;
  categories: number;
  products: number;
}

/** Fills an empty catalog with the seed's generated data; leaves a catalog that has anything in it as it is. */
export async function ensureDemoCatalog(dataSource: DataSource, currency: string, progress: Progress): Promise<DemoCatalog> {
  const runner = dataSource.createQueryRunner('master');
  try {
    await runner.startTransaction();
    // A second demo started meanwhile waits here until this one commits, then finds its rows.
    await runner.query('LOCK TABLE categories, products IN SHARE ROW EXCLUSIVE MODE');
    const [present]: Array<{ categories: number; products: number }> = await runner.query(
      'SELECT (SELECT count(*)::int FROM categories) AS categories, (SELECT count(*)::int FROM products) AS products',
    );
    if (present.categories || present.products) {
      await runner.commitTransaction();
      return { added: false, ...present };
    }
    const options: SeedOptions = { ...DEMO_CATALOG_SIZE, currency, truncate: false, indexes: 'keep', forceProduction: false, help: false };
    await new CatalogSeeder(runner, progress).seed(options);
    await runner.commitTransaction();
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
  // Search chooses its plans from the statistics (CATALOG_SEARCH_PLAN=auto): give it those of the new rows now.
  await dataSource.query('ANALYZE categories, products');
  return { added: true, ...DEMO_CATALOG_SIZE };
}
