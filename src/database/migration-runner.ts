import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

// Any constant works; it only has to be the same for every instance of this service.
const MIGRATION_LOCK_KEY = 4_721_903_118;

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so several instances starting at once apply each
 * migration exactly once (TypeORM's own `migrationsRun` takes no lock).
 */
export async function runMigrationsExclusively(dataSource: DataSource, logger: Pick<Logger, 'log'> = new Logger('Migrations')): Promise<number> {
  const lockRunner = dataSource.createQueryRunner('master');
  try {
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of applied) logger.log(`Applied migration ${migration.name}`);
    return applied.length;
  } finally {
    await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lockRunner.release();
  }
}
