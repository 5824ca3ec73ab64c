import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool, QueryResultRow } from 'pg';
import { databaseConfig, type DatabaseConfig } from '../config/database.config';
import { withTimeout } from '../common/with-timeout';
import { isDatabaseUnavailable, isPoolExhausted } from './database-errors';
import { DatabasePools } from './database-pools';
import { parseLsn, timelineOfWalFile, type WalPosition } from './lsn';
import { PreparedStatements } from './prepared-statements';

interface ReplicaState {
  pool: Pool;
  name: string;
  replayedLsn: bigint;
  healthy: boolean;
}

/**
 * Chooses where a read runs. Replicas report how far they have replayed (`pg_last_wal_replay_lsn()`, polled
 * every DATABASE_REPLICA_LSN_POLL_MS); a read that must see writes up to some LSN goes to a healthy replica
 * that is past it, else to the primary. A replica that cannot serve a read (it is unavailable, see
 * {@link isDatabaseUnavailable}, or its pool has no free connection) is skipped until its next good poll, and the
 * read goes to the next eligible replica, then to the primary.
 */
@Injectable()
export class ReadRouter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReadRouter.name);
  private replicas: ReplicaState[] = [];
  private next = 0;
  private timer?: NodeJS.Timeout;
  private readonly statements = new PreparedStatements();

  constructor(
    private readonly pools: DatabasePools,
    @Inject(databaseConfig.KEY) private readonly config: DatabaseConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.replicas = this.pools
      .all()
      .filter(({ name }) => name !== 'primary')
      .map(({ pool, name }) => ({ pool, name, replayedLsn: 0n, healthy: false }));
    if (!this.replicas.length) return;
    await this.poll();
    this.timer = setInterval(() => void this.poll(), this.config.replicaLsnPollMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /**
   * Runs a read on a replica that has replayed past `minLsn`, falling back to the other such replicas, then to the
   * primary. As a named prepared statement: each connection parses and plans a given text once, not on every call
   * (see {@link PreparedStatements}). Any other error (a bad statement, a statement timeout) is the read's own and
   * is thrown as it is: running it again elsewhere would fail again, at twice the cost.
   */
  async query<T extends QueryResultRow>(text: string, values: unknown[], minLsn: bigint): Promise<T[]> {
    const statement = this.statements.for(text, values);
    for (const replica of this.replicasPast(minLsn)) {
      try {
        return (await replica.pool.query<T>(statement)).rows;
      } catch (error) {
        if (!cannotServe(error)) throw error;
        this.markDown(replica, error);
      }
    }
    return (await this.primary().query<T>(statement)).rows;
  }

  /**
   * The primary's current WAL position and timeline: after a commit, a read that must see it needs a replica past
   * this. The timeline is that of the segment the position is in (the first 8 hex digits of its file name).
   */
  async primaryPosition(): Promise<WalPosition> {
    const { rows } = await this.primary().query<{ lsn: string; walfile: string }>(
      'SELECT lsn::text AS lsn, pg_walfile_name(lsn) AS walfile FROM pg_current_wal_lsn() AS lsn',
    );
    return { timeline: timelineOfWalFile(rows[0].walfile), lsn: parseLsn(rows[0].lsn) };
  }

  /** The healthy replicas past `minLsn`, each once, starting with the next in turn (round robin). */
  private replicasPast(minLsn: bigint): ReplicaState[] {
    const eligible = this.replicas.filter((replica) => replica.healthy && replica.replayedLsn >= minLsn);
    if (!eligible.length) return [];
    this.next = (this.next + 1) % eligible.length;
    return [...eligible.slice(this.next), ...eligible.slice(0, this.next)];
  }

  private primary(): Pool {
    return this.pools.all()[0].pool;
  }

  private async poll(): Promise<void> {
    await Promise.all(
      this.replicas.map(async (replica) => {
        try {
          const { rows } = await withTimeout(
            replica.pool.query<{ lsn: string | null }>('SELECT pg_last_wal_replay_lsn()::text AS lsn'),
            this.config.replicaLsnPollMs * 10,
          );
          replica.replayedLsn = parseLsn(rows[0].lsn);
          if (!replica.healthy) this.logger.log(`Replica ${replica.name} serves reads`);
          replica.healthy = true;
        } catch (error) {
          this.markDown(replica, error);
        }
      }),
    );
  }

  private markDown(replica: ReplicaState, error: unknown): void {
    if (replica.healthy)
      this.logger.warn(`Replica ${replica.name} unavailable (${error instanceof Error ? error.message : String(error)}); reading from the primary`);
    replica.healthy = false;
  }
}

/** The replica cannot serve this read now, though another server could: it is unavailable, or its pool is full. */
function cannotServe(error: unknown): boolean {
  return isDatabaseUnavailable(error) || isPoolExhausted(error);
}
