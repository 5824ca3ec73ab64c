import { QueryFailedError } from 'typeorm';
import { isLockNotAvailable, lockRetryDelayMs, MigrationLockError, MigrationRunError } from './migration-runner';

describe('migration runner helpers', () => {
  it('backs off 0.5 s, 1 s, 2 s, 4 s, then 5 s between attempts', () => {
    expect([1, 2, 3, 4, 5, 10].map((retry) => lockRetryDelayMs(retry))).toEqual([500, 1_000, 2_000, 4_000, 5_000, 5_000]);
  });

  it('retries only lock_not_available (55P03), as pg reports it and as TypeORM wraps it', () => {
    const driverError = Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03' });
    expect(isLockNotAvailable(driverError)).toBe(true);
    expect(isLockNotAvailable(new QueryFailedError('ALTER TABLE products ADD x int', [], driverError))).toBe(true);

    const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    const statementTimeout = Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
    for (const other of [deadlock, statementTimeout, new QueryFailedError('SELECT 1', [], statementTimeout), new Error('boom'), undefined, 'text']) {
      expect(isLockNotAvailable(other)).toBe(false);
    }
  });

  it('keeps the report in lines for the CLI and whole in the message for logs', () => {
    const sut = new MigrationLockError('gave up on migration X', ['blocked by: pid 42', 'statement: ALTER TABLE t'], { cause: new Error('55P03') });
    expect(sut).toBeInstanceOf(MigrationRunError);
    expect(sut.name).toBe('MigrationLockError');
    expect(sut.message).toBe('gave up on migration X\n  blocked by: pid 42\n  statement: ALTER TABLE t');
    expect(sut.details).toEqual(['blocked by: pid 42', 'statement: ALTER TABLE t']);
  });
});
