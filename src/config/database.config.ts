import { accessSync, constants } from 'node:fs';
import { registerAs } from '@nestjs/config';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ConfigValidationError } from './config-validation.error';
import { readEnvironment, validateEnvironment, type Environment } from './environment';
import { ToBoolean, ToInt, ToList } from './env-transforms';

export const DEFAULT_EMBEDDED_DATABASE_DIR = '.data/postgres';
const POSTGRES_URL = /^postgres(ql)?:\/\/\S+$/;
const POSTGRES_URL_MESSAGE = 'must be a postgres:// or postgresql:// connection URL';

class DatabaseEnvironment {
  @IsOptional()
  @Matches(POSTGRES_URL, { message: POSTGRES_URL_MESSAGE })
  DATABASE_URL?: string;

  @ToList()
  @Matches(POSTGRES_URL, { each: true, message: `each entry ${POSTGRES_URL_MESSAGE}` })
  DATABASE_REPLICA_URLS: string[] = [];

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(500)
  DATABASE_POOL_SIZE = 10;

  @ToInt()
  @IsInt()
  @Min(100)
  @Max(120_000)
  DATABASE_CONNECT_TIMEOUT_MS = 3_000;

  @ToInt()
  @IsInt()
  @Min(100)
  @Max(120_000)
  DATABASE_ACQUIRE_TIMEOUT_MS = 3_000;

  @ToInt()
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  DATABASE_IDLE_TIMEOUT_MS = 30_000;

  @ToInt()
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DATABASE_STATEMENT_TIMEOUT_MS = 15_000;

  /** How often each replica is asked how far it has replayed (read-your-writes routing). */
  @ToInt()
  @IsInt()
  @Min(10)
  @Max(10_000)
  DATABASE_REPLICA_LSN_POLL_MS = 100;

  @ToBoolean()
  @IsBoolean()
  DATABASE_SSL = false;

  @IsOptional()
  @IsString()
  DATABASE_SSL_CA_FILE?: string;

  /** Its parent folder (`.data` by default) also keeps the development JWT secrets (see development-secrets.ts). */
  @IsString()
  EMBEDDED_DATABASE_DIR = DEFAULT_EMBEDDED_DATABASE_DIR;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(65_535)
  EMBEDDED_DATABASE_PORT = 54_329;

  /**
   * PostgreSQL `lock_timeout` of the migration session: how long a migration statement may wait for a lock (an
   * `ALTER TABLE` behind a long read) before it is cancelled. Every query on that table queues behind the waiting
   * statement, so this is also the longest a migration can hold the table's traffic back.
   */
  @ToInt()
  @IsInt()
  @Min(100)
  @Max(600_000)
  MIGRATION_LOCK_TIMEOUT_MS = 5_000;

  /** How many times a migration run cancelled by MIGRATION_LOCK_TIMEOUT_MS starts again (after a short back-off) before it gives up. */
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(20)
  MIGRATION_LOCK_RETRIES = 3;

  /** How long a migration run waits for the migration lock another run holds (a PostgreSQL advisory lock) before it gives up. */
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  MIGRATION_ADVISORY_LOCK_WAIT_MS = 300_000;
}

export function databaseConfigFrom(env: Environment) {
  const parsed = validateEnvironment(DatabaseEnvironment, env);
  const problems: string[] = [];
  if (env.NODE_ENV === 'production' && !parsed.DATABASE_URL) {
    problems.push('DATABASE_URL: required in production (the embedded database is for development only)');
  }
  if (parsed.DATABASE_SSL_CA_FILE) {
    try {
      accessSync(parsed.DATABASE_SSL_CA_FILE, constants.R_OK);
    } catch {
      problems.push('DATABASE_SSL_CA_FILE: cannot read the file it names');
    }
  }
  if (problems.length) throw new ConfigValidationError(problems);
  return {
    /** Unset only outside production: the service then starts an embedded PostgreSQL. */
    primaryUrl: parsed.DATABASE_URL,
    replicaUrls: parsed.DATABASE_REPLICA_URLS,
    poolSize: parsed.DATABASE_POOL_SIZE,
    connectTimeoutMs: parsed.DATABASE_CONNECT_TIMEOUT_MS,
    acquireTimeoutMs: parsed.DATABASE_ACQUIRE_TIMEOUT_MS,
    idleTimeoutMs: parsed.DATABASE_IDLE_TIMEOUT_MS,
    statementTimeoutMs: parsed.DATABASE_STATEMENT_TIMEOUT_MS,
    replicaLsnPollMs: parsed.DATABASE_REPLICA_LSN_POLL_MS,
    ssl: parsed.DATABASE_SSL || Boolean(parsed.DATABASE_SSL_CA_FILE),
    sslCaFile: parsed.DATABASE_SSL_CA_FILE,
    embedded: { dir: parsed.EMBEDDED_DATABASE_DIR, port: parsed.EMBEDDED_DATABASE_PORT },
    /** What every migration run uses: the service's at start-up (MIGRATIONS_RUN) and the `migrate` command's. */
    migrations: {
      lockTimeoutMs: parsed.MIGRATION_LOCK_TIMEOUT_MS,
      lockRetries: parsed.MIGRATION_LOCK_RETRIES,
      advisoryLockWaitMs: parsed.MIGRATION_ADVISORY_LOCK_WAIT_MS,
    },
  };
}

export const databaseConfig = registerAs('database', () => databaseConfigFrom(readEnvironment()));
export type DatabaseConfig = ReturnType<typeof databaseConfigFrom>;
export type MigrationLockSettings = DatabaseConfig['migrations'];
