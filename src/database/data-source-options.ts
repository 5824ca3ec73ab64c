import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, type ClientConfig } from 'pg';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions.js';
import type { DatabaseConfig } from '../config/database.config';
import { timeQueries } from '../metrics/database-metrics';

export const APPLICATION_NAME = 'catalog-api';
export const MIGRATIONS_GLOB = join(__dirname, '..', '..', 'migrations', '*.{ts,js}');

/** The URL of the embedded development database, used whenever DATABASE_URL is unset outside production. */
export function embeddedDatabaseUrl(db: DatabaseConfig): string {
  return `postgres://postgres:postgres@127.0.0.1:${db.embedded.port}/catalog`;
}

/**
 * The client class of every pool. pg-pool has a single `connectionTimeoutMillis` for both waiting for a free slot
 * and opening a connection: the pool keeps it as the acquire timeout, and this class gives connecting its own bound.
 * It also times each query for `db_query_duration_seconds`: at the client, the one place both TypeORM (which checks
 * clients out) and the read router (`pool.query`) pass through, at the cost of two clock reads per query. TypeORM
 * gives every pool the same `extra`, so the pool a client belongs to is told by its connection string.
 */
function pooledClient(connectTimeoutMs: number, primaryUrl: string): typeof Client {
  return class PooledClient extends Client {
    constructor(config?: string | ClientConfig) {
      const options = typeof config === 'string' ? { connectionString: config } : { ...config };
      super({ ...options, connectionTimeoutMillis: connectTimeoutMs });
      timeQueries(this, options.connectionString === primaryUrl ? 'primary' : 'replica');
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
      // Requests are short and many: a plan must never wait for parallel workers to start (about 30 ms each
      // time, seen in a search's generic plan whose parallel branch did not even run), nor take cores from
      // the requests beside it.
      options: '-c max_parallel_workers_per_gather=0',
      Client: pooledClient(db.connectTimeoutMs, primaryUrl),
    },
    // Schema changes go through reviewed migrations only; there is deliberately no switch for this.
    synchronize: false,
    migrationsRun: false,
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: 'migrations',
    logging: false,
  };
}
