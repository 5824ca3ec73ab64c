import { spawnTracked } from '../harness/child-processes';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoggerService } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { CONFIG_NAMESPACES } from '../../src/config/configuration';
import { databaseConfigFrom, type MigrationLockSettings } from '../../src/config/database.config';
import { buildDataSourceOptions, MIGRATIONS_GLOB } from '../../src/database/data-source-options';
import { DatabaseModule } from '../../src/database/database.module';
import { MIGRATION_LOCK_KEY, migrateExclusively, MigrationLockError, MigrationRunError, type MigrationLogger } from '../../src/database/migration-runner';
import { CHART_DIR, chartValues } from '../helm/chart-files';
import { waitFor } from '../harness/free-port';
import { isolatedDatabaseEnv } from '../harness/isolated-database';
import { queryOnce as query } from '../harness/sql';

const ROOT = join(__dirname, '..', '..');
const PROJECT_MIGRATIONS = readdirSync(join(ROOT, 'migrations'))
  .filter((file) => file.endsWith('.ts'))
  .map((file) => {
    const [, timestamp, name] = /^(\d+)-(\w+)\.ts$/.exec(file)!;
    return `${name}${timestamp}`;
  })
  .sort((a, b) => Number(a.slice(-13)) - Number(b.slice(-13)));

// Throwaway migrations (never in migrations/): each test gets a fresh database and the ones it needs.
class CreateLockProbe1900000000001 implements MigrationInterface {
  name = 'CreateLockProbe1900000000001';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE lock_probe (id integer PRIMARY KEY)`);
    await queryRunner.query(`INSERT INTO lock_probe VALUES (1), (2)`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE lock_probe`);
  }
}

/** Its first statement takes no contended lock; its second needs lock_probe to itself (AccessExclusiveLock). */
class AddLockProbeNote1900000000002 implements MigrationInterface {
  name = 'AddLockProbeNote1900000000002';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE lock_probe_notes (id integer PRIMARY KEY)`);
    await queryRunner.query(`ALTER TABLE lock_probe ADD COLUMN note text`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE lock_probe DROP COLUMN note`);
    await queryRunner.query(`DROP TABLE lock_probe_notes`);
  }
}

/** Records the lock_timeout it runs under, and takes long enough for a second runner to arrive meanwhile. */
class SlowlyRecordSettings1900000000003 implements MigrationInterface {
  name = 'SlowlyRecordSettings1900000000003';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT pg_sleep(1.5)`);
    await queryRunner.query(`CREATE TABLE lock_probe_settings AS SELECT current_setting('lock_timeout') AS lock_timeout`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE lock_probe_settings`);
  }
}

class BrokenMigration1900000000004 implements MigrationInterface {
  name = 'BrokenMigration1900000000004';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE half_done (id integer)`);
    await queryRunner.query(`SELECT * FROM no_such_table`);
  }
  async down(): Promise<void> {}
}

type MigrationClass = new () => MigrationInterface;

const freshDatabase = async () => (await isolatedDatabaseEnv()).DATABASE_URL;

/** A data source like the `migrate` command's (primary only, two connections) with the given migrations. */
async function openDataSource(url: string, migrations: Array<MigrationClass | string>): Promise<DataSource> {
  // A statement timeout far above every bound below: only lock_timeout may end a wait.
  const database = databaseConfigFrom({ DATABASE_URL: url, DATABASE_STATEMENT_TIMEOUT_MS: '60000' });
  return new DataSource({ ...buildDataSourceOptions({ ...database, replicaUrls: [], poolSize: 2 }), migrations }).initialize();
}

function recordingLogger(): MigrationLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (message: string) => lines.push(`log: ${message}`), warn: (message: string) => lines.push(`warn: ${message}`) };
}

/** Another application's long read: an open transaction that has read `table`, so it holds AccessShareLock on it. */
async function openLongRead(url: string, table: string): Promise<{ client: Client; pid: number }> {
  const client = new Client({ connectionString: url, application_name: 'long-report' });
  await client.connect();
  const {
    rows: [{ pid }],
  } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  await client.query('BEGIN');
  await client.query(`SELECT count(*) FROM ${table}`);
  return { client, pid };
}

/** Short reads of `table`, one after another, as the service's traffic would send them; reports the slowest. */
function trafficOn(url: string, table: string): { stop(): Promise<{ reads: number; slowestMs: number }> } {
  const client = new Client({ connectionString: url });
  let running = true;
  let reads = 0;
  let slowestMs = 0;
  const loop = (async () => {
    await client.connect();
    try {
      while (running) {
        const started = performance.now();
        await client.query(`SELECT count(*) FROM ${table}`);
        slowestMs = Math.max(slowestMs, performance.now() - started);
        reads += 1;
        await sleep(25);
      }
    } finally {
      await client.end();
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { reads, slowestMs };
    },
  };
}

async function appliedMigrations(url: string): Promise<string[]> {
  const [{ exists }] = await query<{ exists: boolean }>(url, `SELECT to_regclass('public.migrations') IS NOT NULL AS exists`);
  if (!exists) return [];
  return (await query<{ name: string }>(url, 'SELECT name FROM migrations ORDER BY id')).map((row) => row.name);
}

async function tableExists(url: string, table: string): Promise<boolean> {
  const [row] = await query<{ exists: boolean }>(url, `SELECT to_regclass($1) IS NOT NULL AS exists`, [`public.${table}`]);
  return row.exists;
}

async function columnsOf(url: string, table: string): Promise<string[]> {
  const rows = await query<{ name: string }>(
    url,
    `SELECT column_name AS name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((row) => row.name);
}

/** Sessions holding the migration lock on the database of `url`. */
async function migrationLockHolders(url: string): Promise<number[]> {
  const rows = await query<{ pid: number }>(
    url,
    `SELECT pid FROM pg_locks
     WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND classid = $1::oid AND objid = $2::oid
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [Math.floor(MIGRATION_LOCK_KEY / 2 ** 32), MIGRATION_LOCK_KEY % 2 ** 32],
  );
  return rows.map((row) => row.pid);
}

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

/** `npm run migration:run`'s entry point (`node dist/src/cli.js migrate` in the image), as the Job runs it. */
function runMigrateCli(env: Record<string, string>): Promise<CliResult> {
  const started = Date.now();
  const child = spawnTracked(process.execPath, ['-r', 'ts-node/register', join('src', 'cli.ts'), 'migrate'], {
    what: 'migrate CLI',
    cwd: ROOT,
    env: { PATH: process.env.PATH, TS_NODE_SWC: 'true', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, elapsedMs: Date.now() - started })));
}

describe('Migrations that cannot stall traffic', () => {
  describe('a migration behind a long read', () => {
    const settings: MigrationLockSettings = { lockTimeoutMs: 300, lockRetries: 2, advisoryLockWaitMs: 5_000 };
    let url: string;
    let dataSource: DataSource;
    let longRead: { client: Client; pid: number };

    beforeAll(async () => {
      url = await freshDatabase();
      const first = await openDataSource(url, [CreateLockProbe1900000000001]);
      try {
        await migrateExclusively(first, { settings, logger: recordingLogger() });
      } finally {
        await first.destroy();
      }
      dataSource = await openDataSource(url, [CreateLockProbe1900000000001, AddLockProbeNote1900000000002]);
      longRead = await openLongRead(url, 'lock_probe');
    });

    afterAll(async () => {
      await longRead.client.end().catch(() => undefined);
      await dataSource.destroy();
    });

    it('gives up after its retries within the lock budget, naming the lock and its holder, with nothing applied', async () => {
      const logger = recordingLogger();
      const traffic = trafficOn(url, 'lock_probe');
      const started = Date.now();
      const error = await migrateExclusively(dataSource, { settings, logger }).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      const elapsedMs = Date.now() - started;
      const { reads, slowestMs } = await traffic.stop();

      expect(error).toBeInstanceOf(MigrationLockError);
      const { message } = error as MigrationLockError;
      expect(message).toContain('gave up on migration AddLockProbeNote1900000000002 after 3 attempt(s)');
      expect(message).toContain('waited for AccessExclusiveLock on table public.lock_probe for longer than MIGRATION_LOCK_TIMEOUT_MS (300 ms)');
      expect(message).toContain('SQLSTATE 55P03 lock_not_available');
      expect(message).toMatch(
        new RegExp(
          `blocked by: pid ${longRead.pid} \\(holds AccessShareLock; .*application "long-report"; .*idle in transaction, transaction started [^)]+\\): SELECT count\\(\\*\\) FROM lock_probe`,
        ),
      );
      expect(message).toContain('statement: ALTER TABLE lock_probe ADD COLUMN note text');
      expect(message).toContain('nothing of AddLockProbeNote1900000000002 was applied');
      expect(message).toContain(`SELECT pg_terminate_backend(${longRead.pid})`);
      expect(logger.lines.filter((line) => line.startsWith('warn: '))).toEqual([
        expect.stringMatching(
          /^warn: migration AddLockProbeNote1900000000002: waited for AccessExclusiveLock on table public\.lock_probe .*attempt 1 of 3 .*retrying in 500 ms$/,
        ),
        expect.stringMatching(/attempt 2 of 3 .*retrying in 1000 ms$/),
      ]);

      // Three waits of 300 ms and back-offs of 0.5 s and 1 s; the 60 s statement timeout plays no part.
      expect(elapsedMs).toBeGreaterThanOrEqual(3 * 300 + 500 + 1_000);
      expect(elapsedMs).toBeLessThan(10_000);
      // Reads of the table queued behind each waiting ALTER TABLE, and for no longer than lock_timeout.
      expect(reads).toBeGreaterThan(10);
      expect(slowestMs).toBeLessThan(300 + 1_000);

      // Nothing half-applied: the migration's first statement was rolled back with it, and it is not recorded.
      expect(await appliedMigrations(url)).toEqual(['CreateLockProbe1900000000001']);
      expect(await tableExists(url, 'lock_probe_notes')).toBe(false);
      expect(await columnsOf(url, 'lock_probe')).toEqual(['id']);
      // The long read was never disturbed, and the migration lock is free again.
      await expect(longRead.client.query('SELECT count(*)::int AS n FROM lock_probe')).resolves.toMatchObject({ rows: [{ n: 2 }] });
      expect(await migrationLockHolders(url)).toEqual([]);
    });

    it('applies it once the long read has ended', async () => {
      await longRead.client.query('COMMIT');
      const logger = recordingLogger();
      await expect(migrateExclusively(dataSource, { settings, logger })).resolves.toEqual(['AddLockProbeNote1900000000002']);
      expect(logger.lines).toEqual([expect.stringMatching(/^log: Applied migration AddLockProbeNote1900000000002 in \d+ ms$/)]);
      expect(await appliedMigrations(url)).toEqual(['CreateLockProbe1900000000001', 'AddLockProbeNote1900000000002']);
      expect(await tableExists(url, 'lock_probe_notes')).toBe(true);
      expect(await columnsOf(url, 'lock_probe')).toEqual(['id', 'note']);
    });
  });

  it('lets a second runner wait for the migration lock, then find nothing to do: each migration is applied once', async () => {
    const url = await freshDatabase();
    const migrations = [CreateLockProbe1900000000001, SlowlyRecordSettings1900000000003];
    const settings: MigrationLockSettings = { lockTimeoutMs: 1_000, lockRetries: 0, advisoryLockWaitMs: 30_000 };
    const [first, second] = await Promise.all([openDataSource(url, migrations), openDataSource(url, migrations)]);
    try {
      const firstLog = recordingLogger();
      const secondLog = recordingLogger();
      const firstRun = migrateExclusively(first, { settings, logger: firstLog });
      // The second starts once the first holds the lock and sleeps in its migration.
      const holder = await waitFor(
        async () => {
          const [pid] = await migrationLockHolders(url);
          const sleeping = await query(url, `SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND query = 'SELECT pg_sleep(1.5)'`, [
            pid ?? 0,
          ]);
          return sleeping.length === 1 && pid;
        },
        { what: 'the first runner to hold the lock, in its slow migration', intervalMs: 20 },
      );
      const started = Date.now();
      const secondRun = migrateExclusively(second, { settings, logger: secondLog });

      const [firstApplied, secondApplied] = await Promise.all([firstRun, secondRun]);
      expect(firstApplied).toEqual(['CreateLockProbe1900000000001', 'SlowlyRecordSettings1900000000003']);
      expect(secondApplied).toEqual([]);
      // The second waited (the first was sleeping in its migration) and said who it was waiting for.
      expect(Date.now() - started).toBeGreaterThan(500);
      expect(secondLog.lines[0]).toMatch(new RegExp(`^warn: Waiting for the migration lock, held by pid ${holder} .*; giving up after 30000 ms$`));
      expect(secondLog.lines[0]).toContain('SELECT pg_sleep(1.5)');
      expect(secondLog.lines.at(-1)).toMatch(/^log: Took the migration lock after waiting \d+ ms$/);

      expect(await appliedMigrations(url)).toEqual(['CreateLockProbe1900000000001', 'SlowlyRecordSettings1900000000003']);
      // The migrations ran under the configured lock_timeout; the sessions went back to their pools without it.
      expect(await query(url, 'SELECT lock_timeout FROM lock_probe_settings')).toEqual([{ lock_timeout: '1s' }]);
      for (const dataSource of [first, second]) {
        const shown = await Promise.all([dataSource.query('SHOW lock_timeout'), dataSource.query('SHOW lock_timeout')]);
        expect(shown).toEqual([[{ lock_timeout: '0' }], [{ lock_timeout: '0' }]]);
      }
      expect(await migrationLockHolders(url)).toEqual([]);
    } finally {
      await Promise.all([first.destroy(), second.destroy()]);
    }
  });

  it('waits for another run only MIGRATION_ADVISORY_LOCK_WAIT_MS, then says which session holds the lock', async () => {
    const url = await freshDatabase();
    const stuck = new Client({ connectionString: url, application_name: 'stuck-migration' });
    await stuck.connect();
    const dataSource = await openDataSource(url, [CreateLockProbe1900000000001]);
    try {
      await stuck.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      const [{ pid }] = (await stuck.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
      const started = Date.now();
      const error = await migrateExclusively(dataSource, {
        settings: { lockTimeoutMs: 1_000, lockRetries: 3, advisoryLockWaitMs: 600 },
        logger: recordingLogger(),
      }).catch((failure: unknown) => failure);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(error).toBeInstanceOf(MigrationLockError);
      expect((error as Error).message).toMatch(
        /^another migration run still holds the migration lock after \d+ ms \(MIGRATION_ADVISORY_LOCK_WAIT_MS = 600\); nothing was migrated/,
      );
      expect((error as Error).message).toMatch(new RegExp(`held by: pid ${pid} \\(.*application "stuck-migration"`));
      expect(await appliedMigrations(url)).toEqual([]);
      expect(await migrationLockHolders(url)).toEqual([pid]);
    } finally {
      await stuck.end();
      await dataSource.destroy();
    }
  });

  it('does not retry a migration that fails for any other reason, and applies nothing of it', async () => {
    const url = await freshDatabase();
    const dataSource = await openDataSource(url, [CreateLockProbe1900000000001, BrokenMigration1900000000004]);
    try {
      const logger = recordingLogger();
      const error = await migrateExclusively(dataSource, { settings: { lockTimeoutMs: 300, lockRetries: 3, advisoryLockWaitMs: 1_000 }, logger }).catch(
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(MigrationRunError);
      expect(error).not.toBeInstanceOf(MigrationLockError);
      expect((error as Error).message).toContain('migration BrokenMigration1900000000004 failed: relation "no_such_table" does not exist (SQLSTATE 42P01)');
      expect((error as Error).message).toContain('applied before it in this run (they stay): CreateLockProbe1900000000001');
      expect(logger.lines.filter((line) => line.startsWith('warn: '))).toEqual([]);
      expect(await appliedMigrations(url)).toEqual(['CreateLockProbe1900000000001']);
      expect(await tableExists(url, 'half_done')).toBe(false);
    } finally {
      await dataSource.destroy();
    }
  });

  describe('the migrate command (the Job, npm run migration:run) and the service start-up, on the project migrations', () => {
    let url: string;
    let secretsDir: string;
    let jobEnv: Record<string, string>;

    beforeAll(async () => {
      url = await freshDatabase();
      secretsDir = mkdtempSync(join(tmpdir(), 'migrate-secret-'));
      writeFileSync(join(secretsDir, 'database-owner-url'), `${url}\n`, { mode: 0o600 });
      // What the Helm Job gives it: production, the owner URL as a file, a 1 h statement timeout; no Redis, no JWT keys.
      jobEnv = {
        DATABASE_URL_FILE: join(secretsDir, 'database-owner-url'),
        DATABASE_STATEMENT_TIMEOUT_MS: '3600000',
      };
    });

    afterAll(() => {
      rmSync(secretsDir, { recursive: true, force: true });
    });

    it('applies every migration of a fresh database with the Job environment alone, then finds nothing to do', async () => {
      const first = await runMigrateCli(jobEnv);
      expect(first.code).toBe(0);
      expect(first.stdout.trim().split('\n')).toHaveLength(1);
      expect(JSON.parse(first.stdout)).toEqual({ outcome: 'applied', applied: PROJECT_MIGRATIONS });
      for (const name of PROJECT_MIGRATIONS) expect(first.stderr).toMatch(new RegExp(`^migrate: Applied migration ${name} in \\d+ ms$`, 'm'));
      // Every statement in the Job's log, as the TypeORM CLI showed them.
      expect(first.stderr).toMatch(/^migrate: query: CREATE TABLE/m);

      const second = await runMigrateCli(jobEnv);
      expect({ code: second.code, result: JSON.parse(second.stdout) }).toEqual({ code: 0, result: { outcome: 'up-to-date', applied: [] } });
      expect(await appliedMigrations(url)).toEqual(PROJECT_MIGRATIONS);
    }, 120_000);

    it('exits 1 within its lock budget behind a long read, naming the table and the reader; so does the service start-up', async () => {
      // A project migration that begins with ALTER TABLE audit_logs pending again, with those after it.
      const blocked = 'CountRepeatedAuditEvents1795900000000';
      const pendingFrom = PROJECT_MIGRATIONS.indexOf(blocked);
      expect(pendingFrom).toBeGreaterThan(0);
      const reverting = await openDataSource(url, [MIGRATIONS_GLOB]);
      try {
        for (let undone = 0; undone < PROJECT_MIGRATIONS.length - pendingFrom; undone++) await reverting.undoLastMigration({ transaction: 'each' });
      } finally {
        await reverting.destroy();
      }
      const appliedBefore = PROJECT_MIGRATIONS.slice(0, pendingFrom);
      expect(await appliedMigrations(url)).toEqual(appliedBefore);
      const longRead = await openLongRead(url, 'audit_logs');
      try {
        const result = await runMigrateCli({ ...jobEnv, MIGRATION_LOCK_TIMEOUT_MS: '300', MIGRATION_LOCK_RETRIES: '1' });
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(
          /^migrate: migration CountRepeatedAuditEvents1795900000000: waited for AccessExclusiveLock on table public\.audit_logs .*attempt 1 of 2 .*retrying in 500 ms$/m,
        );
        expect(result.stderr).toContain(
          'migrate: gave up on migration CountRepeatedAuditEvents1795900000000 after 2 attempt(s): each waited for AccessExclusiveLock on table public.audit_logs',
        );
        expect(result.stderr).toMatch(new RegExp(`^ {2}blocked by: pid ${longRead.pid} \\(holds AccessShareLock; .*application "long-report"`, 'm'));
        expect(result.stderr).toMatch(/^ {2}statement: ALTER TABLE audit_logs ADD COLUMN repeat_count/m);
        // Well under the Job's 1 h statement timeout: two waits of 300 ms and one back-off, plus starting node.
        expect(result.elapsedMs).toBeLessThan(30_000);
        expect(await appliedMigrations(url)).toEqual(appliedBefore);
        expect(await columnsOf(url, 'audit_logs')).not.toContain('repeat_count');

        // The service's own start-up path (MIGRATIONS_RUN) takes the same lock with the same bounds.
        const startUp = await startDatabaseModule({ DATABASE_URL: url, MIGRATION_LOCK_TIMEOUT_MS: '300', MIGRATION_LOCK_RETRIES: '0' });
        expect(startUp.error).toBeInstanceOf(MigrationLockError);
        expect((startUp.error as Error).message).toContain('gave up on migration CountRepeatedAuditEvents1795900000000 after 1 attempt(s)');
        expect((startUp.error as Error).message).toContain(`blocked by: pid ${longRead.pid}`);
        expect(await appliedMigrations(url)).toEqual(appliedBefore);
      } finally {
        // Ended before disconnecting: a closed connection's backend lets its locks go only a moment later.
        await longRead.client.query('ROLLBACK');
        await longRead.client.end();
      }

      const startUp = await startDatabaseModule({ DATABASE_URL: url, MIGRATION_LOCK_TIMEOUT_MS: '300', MIGRATION_LOCK_RETRIES: '0' });
      expect(startUp.error).toBeUndefined();
      expect(startUp.lines).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Applied migration CountRepeatedAuditEvents1795900000000 in \d+ ms$/),
          `${PROJECT_MIGRATIONS.length - pendingFrom} migration(s) applied`,
        ]),
      );
      expect(await appliedMigrations(url)).toEqual(PROJECT_MIGRATIONS);
      expect(await columnsOf(url, 'audit_logs')).toContain('repeat_count');
    }, 120_000);

    it("is what the Helm hook Job runs, with the chart's lock settings", () => {
      const job = readFileSync(join(CHART_DIR, 'templates', 'migrations-job.yaml'), 'utf8');
      expect(job).toContain('args: ["node", "dist/src/cli.js", "migrate"]');
      expect(job).not.toContain('typeorm/cli.js');
      const passed = /range \$name := list ((?:"[A-Z_]+" ?)+)/.exec(job)?.[1].match(/[A-Z_]+/g);
      expect(passed).toEqual(expect.arrayContaining(['MIGRATION_LOCK_TIMEOUT_MS', 'MIGRATION_LOCK_RETRIES', 'MIGRATION_ADVISORY_LOCK_WAIT_MS']));
      expect((chartValues() as { config: Record<string, unknown> }).config).toMatchObject({
        MIGRATION_LOCK_TIMEOUT_MS: 5000,
        MIGRATION_LOCK_RETRIES: 3,
        MIGRATION_ADVISORY_LOCK_WAIT_MS: 300000,
      });
    });

    it('checks its configuration first: exit 1, one line per problem', async () => {
      const result = await runMigrateCli({ ...jobEnv, MIGRATION_LOCK_TIMEOUT_MS: '0', MIGRATION_LOCK_RETRIES: 'lots' });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^migrate: invalid configuration:\n {2}MIGRATION_LOCK_TIMEOUT_MS: .+\n {2}MIGRATION_LOCK_RETRIES: .+\n$/);
    }, 60_000);
  });
});

/**
 * What the service does at start-up with MIGRATIONS_RUN=true: DatabaseModule migrates in onModuleInit. Only the
 * config and database modules, so a refused start leaves nothing running; the environment is restored afterwards.
 */
async function startDatabaseModule(env: Record<string, string>): Promise<{ error?: unknown; lines: string[] }> {
  const saved = { ...process.env };
  Object.assign(process.env, { DATABASE_REPLICA_URLS: '', MIGRATIONS_RUN: 'true', ...env });
  const lines: string[] = [];
  const record = (message: unknown) => void lines.push(String(message));
  const logger: LoggerService = { log: record, warn: record, error: () => undefined, debug: () => undefined, verbose: () => undefined };
  try {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: CONFIG_NAMESPACES }), DatabaseModule],
    })
      .setLogger(logger)
      .compile();
    try {
      await moduleRef.init();
    } catch (error) {
      // close() would rethrow the failed start (as the service exits 1 then): close the pools directly.
      await moduleRef.get(DataSource).destroy();
      return { error, lines };
    }
    await moduleRef.close();
    return { lines };
  } finally {
    process.env = saved;
  }
}
