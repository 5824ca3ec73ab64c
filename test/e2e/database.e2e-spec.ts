import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { DatabasePools } from '../../src/database/database-pools';
import { waitFor } from '../harness/free-port';
import { bootApp } from '../harness/app';
import { queryOnce as query } from '../harness/sql';

describe('Database: primary, streaming replica and routing', () => {
  let app: NestFastifyApplication;
  let dataSource: DataSource;
  const primaryUrl = process.env.DATABASE_URL!;
  const replicaUrl = process.env.DATABASE_REPLICA_URLS!.split(',')[0];

  beforeAll(async () => {
    app = await bootApp();
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
  });

  it('streams a write on the primary to the replica', async () => {
    await query(primaryUrl, 'CREATE TABLE IF NOT EXISTS replication_probe (token text PRIMARY KEY)');
    const token = `probe-${Date.now()}-${Math.random()}`;
    await query(primaryUrl, 'INSERT INTO replication_probe (token) VALUES ($1)', [token]);
    const [{ inRecovery }] = await query<{ inRecovery: boolean }>(replicaUrl, 'SELECT pg_is_in_recovery() AS "inRecovery"');
    expect(inRecovery).toBe(true);
    await waitFor(async () => (await query(replicaUrl, 'SELECT 1 FROM replication_probe WHERE token = $1', [token])).length === 1, {
      what: 'the row on the replica',
      timeoutMs: 5_000,
    });
  });

  it("sends the app's reads to the replica and its writes and transactions to the primary", async () => {
    const read = await dataSource
      .createQueryBuilder()
      .select('pg_is_in_recovery()', 'inRecovery')
      .from('pg_database', 'd')
      .where('d.datname = current_database()')
      .getRawOne<{ inRecovery: boolean }>();
    expect(read?.inRecovery).toBe(true);

    const [raw] = await dataSource.query<Array<{ inRecovery: boolean }>>('SELECT pg_is_in_recovery() AS "inRecovery"');
    expect(raw.inRecovery).toBe(false);

    const inTransaction = await dataSource.transaction((manager) =>
      manager
        .createQueryBuilder()
        .select('pg_is_in_recovery()', 'inRecovery')
        .from('pg_database', 'd')
        .where('d.datname = current_database()')
        .getRawOne<{ inRecovery: boolean }>(),
    );
    expect(inTransaction?.inRecovery).toBe(false);
  });

  it('connects with the configured statement timeout and application name, to pools of the configured size', async () => {
    const [settings] = await dataSource.query<Array<{ timeout: string; name: string }>>(
      `SELECT current_setting('statement_timeout') AS timeout, current_setting('application_name') AS name`,
    );
    expect(settings).toEqual({ timeout: '15s', name: 'catalog-api' });

    const pools = app.get(DatabasePools).all();
    expect(pools.map((pool) => pool.name)).toEqual(['primary', 'replica-1']);
    for (const { pool } of pools) expect((pool as unknown as { options: { max: number } }).options.max).toBe(10);
  });

  it('has applied every migration and keeps synchronize off', async () => {
    expect(dataSource.options.synchronize).toBe(false);
    expect(await dataSource.showMigrations()).toBe(false);
  });
});
