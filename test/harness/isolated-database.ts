import { randomUUID } from 'node:crypto';
import { waitFor } from './free-port';
import { queryOnce } from './sql';

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A fresh, empty database on the harness's primary (and, through streaming replication, on its replica),
 * for tests that need global facts such as "the only superadmin". The app migrates it when it boots.
 */
export async function isolatedDatabaseEnv(): Promise<Record<string, string>> {
  const name = `isolated_${randomUUID().replace(/-/g, '')}`;
  const primary = process.env.DATABASE_URL!;
  await queryOnce(withDatabase(primary, 'postgres'), `CREATE DATABASE ${name}`);
  const replicas = (process.env.DATABASE_REPLICA_URLS ?? '').split(',').filter(Boolean);
  for (const replica of replicas) {
    await waitFor(async () => (await queryOnce(withDatabase(replica, 'postgres'), `SELECT 1 FROM pg_database WHERE datname = '${name}'`)).length === 1, {
      what: `${name} on the replica`,
    });
  }
  return { DATABASE_URL: withDatabase(primary, name), DATABASE_REPLICA_URLS: replicas.map((replica) => withDatabase(replica, name)).join(',') };
}
