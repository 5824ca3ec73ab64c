import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool, QueryResultRow } from 'pg';
import { databaseConfig, type DatabaseConfig } from '../config/database.config';
import { withTimeout } from '../common/with-timeout';
import { DatabasePools } from './database-pools';
import { parseLsn } from './lsn';
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
 * that is past it, else to the primary. A replica that fails a query is skipped until its next good poll.
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
   * Runs a read on a replica that has replayed past `minLsn`, falling back to the primary. As a named prepared
   * statement: each connection parses and plans a given text once, not on every call (see {@link statementFor}).
   */
  async query<T extends QueryResultRow>(text: string, values: unknown[], minLsn: bigint): Promise<T[]> {
    const statement = this.statements.for(text, values);
    const replica = this.replicaPast(minLsn);
    if (replica) {
      try {
        return (await replica.pool.query<T>(statement)).rows;
      } catch (error) {
        if (!isConnectionError(error)) throw error;
        this.markDown(replica, error);
      }
    }
    return (await this.primary().query<T>(statement)).rows;
  }

  /** The primary's current WAL position: after a commit, a read that must see it needs a replica past this. */
  async primaryLsn(): Promise<bigint> {
    const { rows } = await this.primary().query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    return parseLsn(rows[0].lsn);
  }

  private replicaPast(minLsn: bigint): ReplicaState | undefined {
    const eligible = this.replicas.filter((replica) => replica.healthy && replica.replayedLsn >= minLsn);
    if (!eligible.length) return undefined;
    this.next = (this.next + 1) % eligible.length;
    return eligible[this.next];
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

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  const message = error instanceof Error ? error.message : '';
  // Class 08 (connection exception), 57P0x (shutdown), and socket-level errors.
  return code.startsWith('08') || code.startsWith('57P') || /ECONNREFUSED|ECONNRESET|timeout|terminat|Connection/i.test(`${code} ${message}`);
}
