import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { trackPools, type PoolSample } from '../metrics/database-metrics';
import { databaseErrorCode } from './database-errors';

const PRIMARY = 'primary';

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export interface NamedPool {
  name: string;
  pool: Pool;
}

/** The pg pools behind TypeORM's replication setup, for health checks and pool metrics. */
@Injectable()
export class DatabasePools implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(DatabasePools.name);
  private untrack?: () => void;

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.untrack = trackPools(() => this.samples());
    for (const { name, pool } of this.all()) this.watchIdleConnections(name, pool);
  }

  onApplicationShutdown(): void {
    this.untrack?.();
  }

  all(): NamedPool[] {
    const driver = this.dataSource.driver as PostgresDriver & { master?: Pool; slaves: Pool[] };
    const pools: NamedPool[] = driver.master ? [{ name: PRIMARY, pool: driver.master }] : [];
    driver.slaves.forEach((pool, index) => pools.push({ name: `replica-${index + 1}`, pool }));
    return pools;
  }

  /**
   * An idle pooled connection that the server ends (a restart, a failover, `pg_terminate_backend`) or whose socket
   * breaks makes the pool emit 'error', after pg-pool has already dropped that client: the next checkout opens a
   * new connection. An 'error' event nobody listens to would end the process, so it is always listened to here,
   * whatever TypeORM does, and told as a warning: it is an outage's symptom, handled, not a bug. The listener stays
   * until the pool itself is gone, so no late event finds the pool without one.
   */
  private watchIdleConnections(name: string, pool: Pool): void {
    pool.on('error', (error: Error) =>
      this.logger.warn(
        { event: 'database.idle_connection_lost', pool: name, sqlState: databaseErrorCode(error), reason: error.message },
        `An idle connection to the ${name} database was lost; the pool dropped it and connects anew on demand`,
      ),
    );
  }

  /** Every pool's sizes, replicas labelled alike so the metric's series do not depend on how many there are. */
  private samples(): PoolSample[] {
    return this.all().map(({ name, pool }) => ({ pool: name === PRIMARY ? 'primary' : 'replica', ...DatabasePools.stats(pool) }));
  }

  static stats(pool: Pool): PoolStats {
    return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
  }
}
