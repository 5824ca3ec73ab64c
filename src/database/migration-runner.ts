import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { type DataSource, type Migration, MigrationExecutor, type QueryRunner } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { databaseConfigFrom, type MigrationLockSettings } from '../config/database.config';
import { readEnvironment } from '../config/environment';

/** Any constant works; it only has to be the same for every instance of this service and for the `migrate` command. */
export const MIGRATION_LOCK_KEY = 4_721_903_118;

/** SQLSTATE lock_not_available: what `lock_timeout` (or NOWAIT) raises when a lock is still held by someone else. */
const LOCK_NOT_AVAILABLE = '55P03';
const ADVISORY_POLL_MS = 200;
const ADVISORY_REPORT_EVERY_MS = 10_000;
const SHOWN_STATEMENT_CHARS = 300;

export type MigrationLogger = Pick<Logger, 'log'> & Partial<Pick<Logger, 'warn'>>;

export interface MigrationRunOptions {
  logger?: MigrationLogger;
  /** Default: MIGRATION_LOCK_TIMEOUT_MS, MIGRATION_LOCK_RETRIES and MIGRATION_ADVISORY_LOCK_WAIT_MS of the environment. */
  settings?: MigrationLockSettings;
}

/** A migration run that stopped. `message` is the whole report; `summary` and `details` are the same, in lines. */
export class MigrationRunError extends Error {
  constructor(
    readonly summary: string,
    readonly details: string[] = [],
    options?: { cause?: unknown },
  ) {
    super([summary, ...details].join('\n  '), options);
    this.name = 'MigrationRunError';
  }
}

/** The run gave up waiting for a lock: another run's migration lock, or a table lock after every retry. */
export class MigrationLockError extends MigrationRunError {
  override name = 'MigrationLockError';
}

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so several instances starting at once apply each
 * migration exactly once (TypeORM's own `migrationsRun` takes no lock). See {@link migrateExclusively}.
 */
export async function runMigrationsExclusively(
  dataSource: DataSource,
  logger: MigrationLogger = new Logger('Migrations'),
  settings?: MigrationLockSettings,
): Promise<number> {
  return (await migrateExclusively(dataSource, { logger, settings })).length;
}

/**
 * The one way migrations are applied: by the service at start-up (MIGRATIONS_RUN), by the `migrate` command (the
 * Helm hook Job, `npm run migration:run`), by the seed and by the test set-up. On one session of the primary:
 *
 * 1. takes the migration lock (advisory), waiting at most `advisoryLockWaitMs` and saying who holds it;
 * 2. sets `lock_timeout` to `lockTimeoutMs` for the session: a statement that waits longer for a table lock is
 *    cancelled (55P03) instead of queueing every other query on that table behind it until `statement_timeout`;
 * 3. applies each pending migration in its own transaction (as TypeORM's `transaction: 'each'`; a migration
 *    with `transaction = false` runs outside one), so a cancelled migration leaves nothing behind and is not
 *    recorded, while the ones before it stay applied;
 * 4. after a lock timeout starts again from the migration that failed, after a short back-off, at most
 *    `lockRetries` times, then throws {@link MigrationLockError} naming the lock, who holds it and the statement.
 *
 * Resolves to the names of the migrations applied. Needs a second connection of the pool, to see what a
 * waiting statement waits for.
 */
export async function migrateExclusively(dataSource: DataSource, options: MigrationRunOptions = {}): Promise<string[]> {
  const settings = options.settings ?? databaseConfigFrom(readEnvironment()).migrations;
  const logger = options.logger ?? new Logger('Migrations');
  const warn = (message: string) => (logger.warn ? logger.warn(message) : logger.log(message));
  const session = dataSource.createQueryRunner('master');
  try {
    // The raw client for the lock and the settings: TypeORM's query log (the `migrate` command's) shows migrations only.
    const client = (await session.connect()) as PoolClient;
    const {
      rows: [{ pid }],
    } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await takeAdvisoryLock(client, settings.advisoryLockWaitMs, logger, warn);
    try {
      await client.query(`SELECT set_config('lock_timeout', $1, false)`, [`${settings.lockTimeoutMs}ms`]);
      return await applyPending(dataSource, session, pid, settings, logger, warn);
    } finally {
      // The service's session goes back to its pool: without the migrations' lock_timeout.
      await client.query('RESET lock_timeout').catch(() => undefined);
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await session.release();
  }
}

/** The back-off before the `retry`-th retry after a lock timeout: 0.5 s, 1 s, 2 s, 4 s, then 5 s. */
export function lockRetryDelayMs(retry: number): number {
  return Math.min(500 * 2 ** (retry - 1), 5_000);
}

export function isLockNotAvailable(error: unknown): boolean {
  const failed = error as { code?: unknown; driverError?: { code?: unknown } } | undefined;
  return failed?.code === LOCK_NOT_AVAILABLE || failed?.driverError?.code === LOCK_NOT_AVAILABLE;
}

async function applyPending(
  dataSource: DataSource,
  session: QueryRunner,
  pid: number,
  settings: MigrationLockSettings,
  logger: MigrationLogger,
  warn: (message: string) => void,
): Promise<string[]> {
  const executor = new MigrationExecutor(dataSource, session);
  const applied: string[] = [];
  const attempts = settings.lockRetries + 1;
  for (let attempt = 1; ; attempt++) {
    const watcher = new LockWaitWatcher(dataSource, pid, settings.lockTimeoutMs);
    let current: Migration | undefined;
    try {
      for (const migration of await executor.getPendingMigrations()) {
        current = migration;
        const started = performance.now();
        await applyOne(executor, session, migration);
        applied.push(migration.name);
        logger.log(`Applied migration ${migration.name} in ${Math.round(performance.now() - started)} ms`);
      }
      return applied;
    } catch (error) {
      if (!isLockNotAvailable(error)) throw migrationFailed(error, current, applied);
      const wait = watcher.lastWait(Date.now() - settings.lockTimeoutMs - watcher.intervalMs * 2);
      if (attempt >= attempts) throw lockGaveUp(error, { current, applied, wait, attempts, settings });
      const delay = lockRetryDelayMs(attempt);
      warn(
        `${subject(current)}: ${waitedFor(wait)} for longer than MIGRATION_LOCK_TIMEOUT_MS (${settings.lockTimeoutMs} ms)` +
          `${wait?.blockers.length ? `, held by ${wait.blockers.map((blocker) => `pid ${blocker.pid}`).join(', ')}` : ''}` +
          `; attempt ${attempt} of ${attempts} cancelled and rolled back, retrying in ${delay} ms`,
      );
      await sleep(delay);
    } finally {
      await watcher.stop();
    }
  }
}

async function applyOne(executor: MigrationExecutor, session: QueryRunner, migration: Migration): Promise<void> {
  if (migration.instance?.transaction === false) {
    await executor.executeMigration(migration);
    return;
  }
  await session.startTransaction();
  try {
    await executor.executeMigration(migration);
    await session.commitTransaction();
  } catch (error) {
    await session.rollbackTransaction().catch(() => undefined);
    throw error;
  }
}

async function takeAdvisoryLock(client: PoolClient, waitMs: number, logger: MigrationLogger, warn: (message: string) => void): Promise<void> {
  const started = Date.now();
  let reportedAt: number | undefined;
  for (;;) {
    const {
      rows: [{ locked }],
    } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [MIGRATION_LOCK_KEY]);
    const waited = Date.now() - started;
    if (locked) {
      if (reportedAt !== undefined) logger.log(`Took the migration lock after waiting ${waited} ms`);
      return;
    }
    if (waited >= waitMs) {
      const holders = await advisoryLockHolders(client);
      throw new MigrationLockError(
        `another migration run still holds the migration lock after ${waited} ms (MIGRATION_ADVISORY_LOCK_WAIT_MS = ${waitMs}); nothing was migrated`,
        [
          `held by: ${describeHolders(holders)}`,
          'What to do: let that run finish (its log says what it applies) and run the migrations again, or end it if it is stuck: ' +
            `SELECT pg_terminate_backend(${holders[0]?.pid ?? '<pid>'})`,
        ],
      );
    }
    if (reportedAt === undefined || Date.now() - reportedAt >= ADVISORY_REPORT_EVERY_MS) {
      warn(`Waiting for the migration lock, held by ${describeHolders(await advisoryLockHolders(client))}; giving up after ${waitMs} ms`);
      reportedAt = Date.now();
    }
    await sleep(Math.min(ADVISORY_POLL_MS, waitMs - waited));
  }
}

interface SessionRow {
  pid: number;
  user: string | null;
  application: string | null;
  client: string | null;
  state: string | null;
  since: Date | string | null;
  query: string | null;
}

async function advisoryLockHolders(client: PoolClient): Promise<SessionRow[]> {
  const { rows } = await client.query<SessionRow>(
    `SELECT a.pid, a.usename AS "user", a.application_name AS application, host(a.client_addr) AS client, a.state,
            a.xact_start AS since, left(a.query, ${SHOWN_STATEMENT_CHARS}) AS query
     FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND l.classid = ($1::bigint >> 32)::oid AND l.objid = ($1::bigint & 4294967295)::oid`,
    [MIGRATION_LOCK_KEY],
  );
  return rows;
}

function describeHolders(holders: SessionRow[]): string {
  return holders.length ? holders.map((holder) => describeSession(holder)).join('; ') : 'a session that has just let it go';
}

/** `pid 42 (holds AccessShareLock; user app; application "catalog-api"; client 10.0.0.7; idle in transaction, transaction started …): SELECT …` */
function describeSession(row: SessionRow & { modes?: string | null }): string {
  const since = row.since ? `, transaction started ${new Date(row.since).toISOString()}` : '';
  const facts = [
    row.modes ? `holds ${row.modes}` : undefined,
    row.user ? `user ${row.user}` : undefined,
    row.application ? `application "${row.application}"` : undefined,
    row.client ? `client ${row.client}` : undefined,
    // Another role's session shows no state or query without pg_read_all_stats.
    row.state ? `${row.state}${since}` : undefined,
  ].filter(Boolean);
  const query = row.query && row.query !== '<insufficient privilege>' ? `: ${oneLine(row.query)}` : '';
  return `pid ${row.pid}${facts.length ? ` (${facts.join('; ')})` : ''}${query}`;
}

interface LockWait {
  at: number;
  /** e.g. `AccessExclusiveLock on table public.products`. */
  lock: string;
  blockers: Array<SessionRow & { modes: string | null }>;
}

/**
 * Looks, from a second connection, at what the migration session is waiting for: once lock_timeout has cancelled
 * the statement PostgreSQL no longer says which lock it was. Diagnostics only: a failed look is ignored.
 */
class LockWaitWatcher {
  readonly intervalMs: number;
  private readonly pool: Pool;
  private last?: LockWait;
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private stopped = false;

  constructor(
    dataSource: DataSource,
    private readonly pid: number,
    lockTimeoutMs: number,
  ) {
    // A few looks within every wait that lock_timeout ends.
    this.intervalMs = Math.min(1_000, Math.max(50, Math.floor(lockTimeoutMs / 4)));
    this.pool = (dataSource.driver as PostgresDriver & { master: Pool }).master;
    this.schedule();
  }

  /** The last wait seen, if seen after `notBefore` (a wait seen long before the failure was another statement's). */
  lastWait(notBefore: number): LockWait | undefined {
    return this.last && this.last.at >= notBefore ? this.last : undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.inFlight = this.look().finally(() => {
        if (!this.stopped) this.schedule();
      });
    }, this.intervalMs);
    this.timer.unref();
  }

  private async look(): Promise<void> {
    try {
      const { rows } = await this.pool.query<{
        locktype: string;
        mode: string;
        relation: string | null;
        relkind: string | null;
        xid: string | null;
        blockers: LockWait['blockers'];
      }>(
        `SELECT w.locktype, w.mode, w.transactionid::text AS xid, c.relkind,
                CASE WHEN c.oid IS NOT NULL THEN format('%I.%I', n.nspname, c.relname) END AS relation,
                coalesce((
                  SELECT json_agg(json_build_object(
                           'pid', a.pid, 'user', a.usename, 'application', a.application_name, 'client', host(a.client_addr),
                           'state', a.state, 'since', a.xact_start, 'query', left(a.query, ${SHOWN_STATEMENT_CHARS}),
                           'modes', (SELECT string_agg(DISTINCT h.mode, ', ') FROM pg_locks h WHERE h.pid = a.pid AND h.granted AND h.relation = w.relation)
                         ) ORDER BY a.pid)
                  FROM pg_stat_activity a WHERE a.pid = ANY (pg_blocking_pids(w.pid))
                ), '[]'::json) AS blockers
         FROM pg_locks w
         LEFT JOIN pg_class c ON c.oid = w.relation
         LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE w.pid = $1 AND NOT w.granted
         LIMIT 1`,
        [this.pid],
      );
      const [row] = rows;
      if (!row) return;
      const kind = row.relkind === 'r' || row.relkind === 'p' ? 'table' : row.relkind === 'i' ? 'index' : 'relation';
      const lock = row.relation
        ? `${row.mode} on ${kind} ${row.relation}`
        : row.locktype === 'transactionid'
          ? `${row.mode} on transaction ${row.xid} (rows that transaction has locked)`
          : `${row.mode} (${row.locktype} lock)`;
      this.last = { at: Date.now(), lock, blockers: row.blockers };
    } catch {
      // The report then says the wait was not seen.
    }
  }
}

function subject(current: Migration | undefined): string {
  return current ? `migration ${current.name}` : 'reading the applied migrations';
}

function waitedFor(wait: LockWait | undefined): string {
  return wait ? `waited for ${wait.lock}` : 'waited for a lock';
}

function lockGaveUp(
  error: unknown,
  {
    current,
    applied,
    wait,
    attempts,
    settings,
  }: { current?: Migration; applied: string[]; wait?: LockWait; attempts: number; settings: MigrationLockSettings },
): MigrationLockError {
  const statement = (error as { query?: unknown }).query;
  const blockers = wait?.blockers ?? [];
  const outsideTransaction = current?.instance?.transaction === false;
  return new MigrationLockError(
    `gave up on ${subject(current)} after ${attempts} attempt(s): each ${waitedFor(wait)} for longer than MIGRATION_LOCK_TIMEOUT_MS ` +
      `(${settings.lockTimeoutMs} ms) and was cancelled (SQLSTATE 55P03 lock_not_available)`,
    [
      ...(blockers.length
        ? blockers.map((blocker) => `blocked by: ${describeSession(blocker)}`)
        : [`blocked by: not seen (the wait ended before it could be looked at)`]),
      ...(typeof statement === 'string' ? [`statement: ${oneLine(statement)}`] : []),
      current
        ? outsideTransaction
          ? `${current.name} runs outside a transaction (transaction = false): what it did before that statement stays; it is not recorded as applied`
          : `nothing of ${current.name} was applied: its transaction was rolled back and the migrations table does not list it`
        : 'no migration was started in the last attempt',
      applied.length ? `applied before it in this run (they stay): ${applied.join(', ')}` : 'no migration was applied in this run',
      `What to do: let the blocking transaction finish${blockers.length ? ` (or end it: SELECT pg_terminate_backend(${blockers[0].pid}))` : ''} and run the migrations again. ` +
        'A longer MIGRATION_LOCK_TIMEOUT_MS lets the migration wait longer, and every query on that table with it.',
    ],
    { cause: error },
  );
}

function migrationFailed(error: unknown, current: Migration | undefined, applied: string[]): MigrationRunError {
  const failure = error as { message?: unknown; code?: unknown };
  const sqlState = typeof failure.code === 'string' ? ` (SQLSTATE ${failure.code})` : '';
  return new MigrationRunError(
    `${subject(current)} failed: ${String(failure.message ?? error)}${sqlState}`,
    [
      ...(current && current.instance?.transaction !== false ? [`nothing of ${current.name} was applied: its transaction was rolled back`] : []),
      applied.length ? `applied before it in this run (they stay): ${applied.join(', ')}` : 'no migration was applied in this run',
    ],
    { cause: error },
  );
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > SHOWN_STATEMENT_CHARS ? `${line.slice(0, SHOWN_STATEMENT_CHARS)}…` : line;
}
