import { Client } from 'pg';
import pino, { type Logger } from 'pino';
import type { DatabaseConfig } from '../config/database.config';
import { embeddedDatabaseUrl } from '../database/data-source-options';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import type { Progress } from '../database/seed/catalog-seeder';

export interface DemoDatabase {
  /** Which database the demo filled, for its report. */
  description: string;
  /** Stops the embedded database if the demo started it; leaves any other one running. */
  release(): Promise<void>;
}

/**
 * The database the service uses: DATABASE_URL, else the embedded development database, used where it already runs
 * (`npm start`), else started for the demo and stopped after it, so that `npm run demo` needs nothing running.
 */
export async function openDemoDatabase(database: DatabaseConfig, progress: Progress): Promise<DemoDatabase> {
  const keep = async () => undefined;
  if (database.primaryUrl) return { description: 'the database of DATABASE_URL', release: keep };
  const description = `the embedded database in ${database.embedded.dir}`;
  if (await isRunning(embeddedDatabaseUrl(database), database.connectTimeoutMs)) return { description, release: keep };
  progress(`starting ${description} (stopped again at the end)`);
  const embedded = await startEmbeddedPostgres(database, progressLogger(progress));
  return { description, release: () => embedded.stop() };
}

/** Refused: nothing listens, so the demo may start it. Any other failure is a database it must not start over. */
async function isRunning(url: string, timeoutMs: number): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED') return false;
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The embedded database reports through a pino logger; the demo shows its messages as progress lines. PostgreSQL's
 * own output (component `embedded-postgres`) is its start-up chatter unless it is an error.
 */
function progressLogger(progress: Progress): Logger {
  const destination = {
    write(line: string) {
      const { msg, level, component } = JSON.parse(line) as { msg: string; level: number; component?: string };
      if (component !== 'embedded-postgres' || level >= pino.levels.values.error) progress(msg);
    },
  };
  return pino({ level: 'info' }, destination);
}
