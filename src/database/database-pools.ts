import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

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
export class DatabasePools {
  constructor(private readonly dataSource: DataSource) {}

  all(): NamedPool[] {
    const driver = this.dataSource.driver as PostgresDriver & { master?: Pool; slaves: Pool[] };
    const pools: NamedPool[] = driver.master ? [{ name: 'primary', pool: driver.master }] : [];
    driver.slaves.forEach((pool, index) => pools.push({ name: `replica-${index + 1}`, pool }));
    return pools;
  }

  static stats(pool: Pool): PoolStats {
    return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
  }
}
