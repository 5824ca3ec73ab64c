import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import { ConfigValidationError } from '../config/config-validation.error';
import { databaseConfigFrom, type DatabaseConfig } from '../config/database.config';
import { readEnvironment } from '../config/environment';
import { APPLICATION_NAME, buildDataSourceOptions } from '../database/data-source-options';
import { migrateExclusively, MigrationRunError } from '../database/migration-runner';
import { CliError } from './cli-error';

/** How the command's sessions show in pg_stat_activity (and so in a waiting run's report), apart from the service's. */
export const MIGRATE_APPLICATION_NAME = `${APPLICATION_NAME}-migrate`;

export const MIGRATE_USAGE = `Usage: migrate

Applies the pending migrations to the primary, exactly as the service does at start-up with MIGRATIONS_RUN:
under the migration lock (a PostgreSQL advisory lock, so two runs never migrate at once), each migration in
its own transaction, with PostgreSQL's lock_timeout set so that a statement waiting for a table lock (an
ALTER TABLE behind a long read) is cancelled instead of holding every query on that table back.

  MIGRATION_LOCK_TIMEOUT_MS        lock_timeout of the migration session (default 5000)
  MIGRATION_LOCK_RETRIES           runs again after a lock timeout, from the migration that failed, after a
                                   back-off of 0.5 s, 1 s, 2 s, ... (default 3)
  MIGRATION_ADVISORY_LOCK_WAIT_MS  how long to wait for another run's migration lock (default 300000)

Reads only the database variables (DATABASE_URL or DATABASE_URL_FILE, DATABASE_SSL, DATABASE_SSL_CA_FILE,
DATABASE_CONNECT_TIMEOUT_MS, DATABASE_STATEMENT_TIMEOUT_MS and the three above): a migration job needs no Redis
or JWT secret. Without DATABASE_URL outside production: the embedded development database (npm start running).
Every migration statement and every step goes to stderr.
Exit 0 printing one JSON line: {"outcome":"applied"|"up-to-date","applied":[<migration names>]}; exit 1 on any
error, naming the lock and the session holding it when a lock could not be taken (nothing of the migration
that waited is applied).
`;

export interface MigrateResult {
  outcome: 'applied' | 'up-to-date';
  applied: string[];
}

export function parseMigrateArgs(args: string[]): void {
  try {
    parseArgs({ args, options: {}, strict: true, allowPositionals: false });
  } catch (error) {
    throw new CliError(`${(error as Error).message} (migrate takes no arguments)`);
  }
}

export async function migrate(args: string[]): Promise<MigrateResult> {
  parseMigrateArgs(args);
  const database = migrationConfiguration();
  if (!database.primaryUrl) log('DATABASE_URL is unset: migrating the embedded development database (`npm start` must be running)');
  // Primary only; one connection migrates under the lock, the other sees what a waiting statement waits for.
  const dataSource = new DataSource({
    ...buildDataSourceOptions({ ...database, replicaUrls: [], poolSize: 2 }),
    applicationName: MIGRATE_APPLICATION_NAME,
    logger: new StatementLog(),
  });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new CliError(`cannot connect to the database: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const applied = await migrateExclusively(dataSource, { settings: database.migrations, logger: { log, warn: log } });
    log(applied.length ? `${applied.length} migration(s) applied` : 'the schema is up to date');
    return { outcome: applied.length ? 'applied' : 'up-to-date', applied };
  } catch (error) {
    if (error instanceof MigrationRunError) throw new CliError(error.summary, error.details);
    throw error;
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Only what migrating needs, checked as the service checks it (one line per problem, naming the variable):
 * the Job has the schema owner's URL and nothing of the service's Redis or JWT configuration.
 */
function migrationConfiguration(): DatabaseConfig {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return databaseConfigFrom(readEnvironment());
  } catch (error) {
    if (error instanceof ConfigValidationError) throw new CliError('invalid configuration:', error.problems);
    throw error;
  }
}

function log(message: string): void {
  process.stderr.write(`migrate: ${message}\n`);
}

/** Every statement the migrations send, as the TypeORM CLI logged them in the Job; never their parameters. */
class StatementLog implements TypeOrmLogger {
  logQuery(query: string): void {
    log(`query: ${query}`);
  }

  logQueryError(): void {}

  logQuerySlow(): void {}

  logSchemaBuild(): void {}

  logMigration(): void {}

  log(): void {}
}
