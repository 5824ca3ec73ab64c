import { Logger } from '@nestjs/common';
import { Client, Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { DatabasePools } from '../../src/database/database-pools';

/** Against the test PostgreSQL the global set-up starts: a real pool whose idle connection the server ends. */
describe(DatabasePools.name, () => {
  const url = process.env.DATABASE_URL!;
  let pool: Pool;
  let sut: DatabasePools;
  let warn: jest.SpyInstance;

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    pool = new Pool({ connectionString: url, max: 2, application_name: 'database-pools-spec' });
    sut = new DatabasePools({ driver: { master: pool, slaves: [] } } as unknown as DataSource);
    sut.onModuleInit();
  });

  afterEach(async () => {
    sut.onApplicationShutdown();
    await pool.end();
    jest.restoreAllMocks();
  });

  async function terminate(pid: number): Promise<void> {
    const admin = new Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    } finally {
      await admin.end();
    }
  }

  it('survives the server ending an idle connection (57P01): warns, drops it, and reconnects on the next query', async () => {
    const [{ pid }] = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    expect(pool.idleCount).toBe(1);

    await terminate(pid);
    // No 'error' listener of our own would make this event end the process; here it is only a warning.
    await waitUntil(() => warn.mock.calls.length > 0);
    expect(warn.mock.calls[0][0]).toMatchObject({ event: 'database.idle_connection_lost', pool: 'primary', sqlState: '57P01' });
    expect(pool.totalCount).toBe(0);

    const [{ pid: next }] = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    expect(next).not.toBe(pid);
  });

  it('listens on every pool, primary and replicas', () => {
    const replica = new Pool({ connectionString: url });
    const pools = new DatabasePools({ driver: { master: new Pool({ connectionString: url }), slaves: [replica] } } as unknown as DataSource);
    pools.onModuleInit();
    for (const { name, pool: each } of pools.all()) {
      expect(() => each.emit('error', new Error('Connection terminated unexpectedly'))).not.toThrow();
      expect(warn).toHaveBeenLastCalledWith(expect.objectContaining({ pool: name, reason: 'Connection terminated unexpectedly' }), expect.any(String));
    }
    pools.onApplicationShutdown();
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
