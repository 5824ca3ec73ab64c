import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, type ClientConfig } from 'pg';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions.js';
import type { DatabaseConfig } from '../config/database.config';

export const APPLICATION_NAME = 'catalog-api';
export const MIGRATIONS_GLOB = join(__dirname, '..', '..', 'migrations', '*.{ts,js}');

/** The URL of the embedded development database, used whenever DATABASE_URL is unset outside production. */
export function embeddedDatabaseUrl(db: DatabaseConfig): string {
  return `postgres://postgres:postgres@127.0.0.1:${db.embedded.port}/catalog`;
}

/**
 * pg-pool has a single `connectionTimeoutMillis` for both waiting for a free slot and opening a connection.
 * The pool keeps it as the acquire timeout; this client class gives connecting its own bound.
 */
function clientWithConnectTimeout(connectTimeoutMs: number): typeof Client {
  return class TimedClient extends Client {
    constructor(config?: string | ClientConfig) {
      super(
        typeof config === 'string'
          ? { connectionString: config, connectionTimeoutMillis: connectTimeoutMs }
          : { ...config, connectionTimeoutMillis: connectTimeoutMs },
      );
    }
  };
}

/** TypeORM options shared by the app and the CLI: primary for writes, replicas (if any) for reads. */
export function buildDataSourceOptions(db: DatabaseConfig): PostgresDataSourceOptions {
  const primaryUrl = db.primaryUrl ?? embeddedDatabaseUrl(db);
  const ssl = db.ssl ? { rejectUnauthorized: true, ca: db.sslCaFile ? readFileSync(db.sslCaFile, 'utf8') : undefined } : undefined;
  return {
    type: 'postgres',
    // With no replicas TypeORM sends reads to the master.
    replication: {
      master: { url: primaryUrl, ssl },
      slaves: db.replicaUrls.map((url) => ({ url, ssl })),
    },
    applicationName: APPLICATION_NAME,
    poolSize: db.poolSize,
    extra: {
      max: db.poolSize,
      connectionTimeoutMillis: db.acquireTimeoutMs,
      idleTimeoutMillis: db.idleTimeoutMs,
      statement_timeout: db.statementTimeoutMs,
      Client: clientWithConnectTimeout(db.connectTimeoutMs),
    },
    // Schema changes go through reviewed migrations only; there is deliberately no switch for this.
    synchronize: false,
    migrationsRun: false,
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: 'migrations',
    logging: false,
  };
}
