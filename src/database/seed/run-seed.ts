import { existsSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { ConfigValidationError } from '../../config/config-validation.error';
import { databaseConfigFrom } from '../../config/database.config';
import { readEnvironment } from '../../config/environment';
import { buildDataSourceOptions } from '../data-source-options';
import { runMigrationsExclusively } from '../migration-runner';
import { CatalogSeeder } from './catalog-seeder';
import { parseSeedArgs, SEED_USAGE, SeedUsageError, type SeedOptions } from './seed-options';

function print(message: string): void {
  process.stdout.write(`seed: ${message}\n`);
}

/**
 * Session settings for the bulk work: no statement timeout; no wait for the WAL flush at commit (a crash would
 * only lose generated rows); room to sort and to build indexes; no JIT, whose compile time per batch buys
 * nothing for these simple expressions.
 */
const BULK_SETTINGS = ['statement_timeout = 0', 'synchronous_commit = off', "work_mem = '64MB'", "maintenance_work_mem = '512MB'", 'jit = off'];

async function inTransaction<T>(runner: QueryRunner, work: () => Promise<T>): Promise<T> {
  await runner.startTransaction();
  try {
    const result = await work();
    await runner.commitTransaction();
    return result;
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  }
}

function duration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const rest = ((ms % 60_000) / 1000).toFixed(1);
  return minutes ? `${minutes} min ${rest} s` : `${rest} s`;
}

/** `npm run seed -- …`: returns the exit code (0 done, 1 failed with the catalog left as it was, 2 wrong usage). */
export async function runSeed(argv: string[]): Promise<number> {
  let options: SeedOptions;
  try {
    options = parseSeedArgs(argv);
  } catch (error) {
    if (!(error instanceof SeedUsageError)) throw error;
    process.stderr.write(`seed: ${error.message}\n\n${SEED_USAGE}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(SEED_USAGE);
    return 0;
  }
  try {
    await seed(options);
    return 0;
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`seed: invalid configuration:\n${error.problems.map((problem) => `  ${problem}\n`).join('')}`);
    } else {
      process.stderr.write(`seed: failed, no catalog data was changed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    return 1;
  }
}

async function seed(options: SeedOptions): Promise<void> {
  const started = performance.now();
  // The same .env `npm start` reads, so the seed targets the database the service uses.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const env = readEnvironment();
  if (env.NODE_ENV === 'production' && !options.forceProduction) {
    throw new Error('NODE_ENV is production: refusing to write generated data (pass --force-production if you really mean it)');
  }
  const database = databaseConfigFrom(env);
  if (!database.primaryUrl) print('DATABASE_URL is unset: seeding the embedded development database (`npm start` must be running)');
  // Everything runs on the primary (no replica pools); the migration runner holds two connections at once.
  const dataSource = new DataSource(buildDataSourceOptions({ ...database, replicaUrls: [], poolSize: 2 }));
  await dataSource.initialize();
  try {
    const applied = await runMigrationsExclusively(dataSource, new Logger('Migrations'));
    print(applied ? `${applied} migration(s) applied` : 'schema is up to date');

    const runner = dataSource.createQueryRunner('master');
    try {
      for (const setting of BULK_SETTINGS) await runner.query(`SET ${setting}`);
      const report = await inTransaction(runner, () => new CatalogSeeder(runner, print).seed(options));
      const analyzeStarted = performance.now();
      try {
        // Sets the visibility map and hint bits too, so the first reads (and index-only scans) don't pay for them.
        await runner.query('VACUUM (ANALYZE) categories, products');
        print(`VACUUM ANALYZE in ${duration(performance.now() - analyzeStarted)}`);
      } catch (error) {
        // The rows are committed: autovacuum will get there too.
        print(`warning: VACUUM ANALYZE failed (${error instanceof Error ? error.message : String(error)}); the data is committed`);
      }
      const rebuilt = report.indexesRebuilt ? `, ${report.indexesRebuilt} products indexes rebuilt` : '';
      print(
        `done: ${report.categories} categories and ${report.products} products (run tag ${report.tag}${rebuilt}) in ${duration(performance.now() - started)}`,
      );
    } finally {
      await runner.release();
    }
  } finally {
    await dataSource.destroy();
  }
}
