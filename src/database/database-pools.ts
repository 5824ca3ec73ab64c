import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { trackPools, type PoolSample } from '../metrics/database-metrics';

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
  private untrack?: () => void;

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.untrack = trackPools(() => this.samples());
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

  /** Every pool's sizes, replicas labelled alike so the metric's series do not depend on how many there are. */
  private samples(): PoolSample[] {
    return this.all().map(({ name, pool }) => ({ pool: name === PRIMARY ? 'primary' : 'replica', ...DatabasePools.stats(pool) }));
  }

  static stats(pool: Pool): PoolStats {
    return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
  }
}
