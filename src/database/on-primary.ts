import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs `work` with an entity manager bound to the primary, then returns the connection to the pool.
 * For reads that must see the latest writes (authorisation decisions, the row just written); replicas
 * may lag. Inside a transaction use its manager instead: transactions already run on the primary.
 */
export async function onPrimary<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner('master');
  try {
    return await work(runner.manager);
  } finally {
    await runner.release();
  }
}
