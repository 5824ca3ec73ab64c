import { Logger } from '@nestjs/common';
import { DatabaseError, type Pool, type QueryConfig } from 'pg';
import type { DatabaseConfig } from '../config/database.config';
import type { DatabasePools } from './database-pools';
import { ReadRouter } from './read-router';

const serverError = (code: string, message: string) => Object.assign(new DatabaseError(message, 100, 'error'), { severity: 'FATAL', code });
const systemError = (code: string) => Object.assign(new Error(`connect ${code} 10.0.0.7:5432`), { code, syscall: 'connect' });

/** A pool that answers the LSN poll, and reads with its name, or with the failure it is told to throw. */
function fakePool(name: string) {
  const state: { failure?: Error } = {};
  const reads: string[] = [];
  const query = jest.fn(async (query: string | QueryConfig) => {
    if (typeof query === 'string') return { rows: [{ lsn: '0/1000' }] };
    reads.push(name);
    if (state.failure) throw state.failure;
    return { rows: [{ servedBy: name }] };
  });
  return { pool: { query } as unknown as Pool, state, reads };
}

describe(ReadRouter.name, () => {
  let primary: ReturnType<typeof fakePool>;
  let replicas: Array<ReturnType<typeof fakePool>>;
  let sut: ReadRouter;

  beforeEach(async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    primary = fakePool('primary');
    replicas = [fakePool('replica-1'), fakePool('replica-2')];
    const pools = {
      all: () => [{ name: 'primary', pool: primary.pool }, ...replicas.map(({ pool }, index) => ({ name: `replica-${index + 1}`, pool }))],
    } as unknown as DatabasePools;
    sut = new ReadRouter(pools, { replicaLsnPollMs: 60_000 } as DatabaseConfig);
    await sut.onApplicationBootstrap();
  });

  afterEach(() => {
    sut.onApplicationShutdown();
    jest.restoreAllMocks();
  });

  const read = async () => (await sut.query<{ servedBy: string }>('SELECT 1', [], 0n))[0].servedBy;

  it('spreads reads over the replicas while they are healthy', async () => {
    expect(new Set([await read(), await read(), await read(), await read()])).toEqual(new Set(['replica-1', 'replica-2']));
    expect(primary.reads).toEqual([]);
  });

  it.each([
    ['an admin shutdown (57P01)', () => serverError('57P01', 'terminating connection due to administrator command')],
    ['a crash shutdown (57P02)', () => serverError('57P02', 'terminating connection because of crash of another server process')],
    ['a server starting or stopping (57P03)', () => serverError('57P03', 'the database system is shutting down')],
    ['a connection failure (08006)', () => serverError('08006', 'connection failure')],
    ['a refused connection', () => systemError('ECONNREFUSED')],
    ['a reset connection', () => systemError('ECONNRESET')],
    ['a broken pipe', () => systemError('EPIPE')],
    ['a connect timeout', () => new Error('Connection terminated due to connection timeout', { cause: new Error('timeout expired') })],
    ['a connection that ended mid-read', () => new Error('Connection terminated unexpectedly')],
    ['a host name that does not resolve', () => systemError('ENOTFOUND')],
    ['a full pool (acquire timeout)', () => new Error('timeout exceeded when trying to connect')],
  ])('moves a read from a replica failing with %s to the other replica, and skips the failed one after', async (_what, failure) => {
    replicas[0].state.failure = failure();
    replicas[1].state.failure = undefined;
    const served = [await read(), await read(), await read()];
    expect(served).toEqual(['replica-2', 'replica-2', 'replica-2']);
    // Its turn came once (round robin), its read moved on, and it stays out until its next good poll.
    expect(replicas[0].reads).toEqual(['replica-1']);
    expect(primary.reads).toEqual([]);
  });

  it('falls back to the primary when every replica is unavailable', async () => {
    replicas[0].state.failure = serverError('57P01', 'terminating connection due to administrator command');
    replicas[1].state.failure = systemError('ECONNREFUSED');
    expect(await read()).toBe('primary');
    expect([...replicas[0].reads, ...replicas[1].reads].sort()).toEqual(['replica-1', 'replica-2']);
    expect(await read()).toBe('primary');
    expect(replicas[0].reads.length + replicas[1].reads.length).toBe(2);
  });

  it.each([
    ['a statement timeout (57014)', serverError('57014', 'canceling statement due to statement timeout')],
    ['a bad statement (42P01)', serverError('42P01', 'relation "nope" does not exist')],
  ])('throws %s as it is: the read itself failed, not the replica', async (_what, failure) => {
    for (const replica of replicas) replica.state.failure = failure;
    await expect(read()).rejects.toBe(failure);
    expect(primary.reads).toEqual([]);
    // The replica stays in service.
    for (const replica of replicas) replica.state.failure = undefined;
    expect(new Set([await read(), await read()])).toEqual(new Set(['replica-1', 'replica-2']));
  });
});
