import { ConfigValidationError } from './config-validation.error';
import { databaseConfigFrom } from './database.config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    databaseConfigFrom(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
}

describe('databaseConfigFrom: migration locks', () => {
  it('defaults to a 5 s lock_timeout, 3 retries and 5 minutes of waiting for another run', () => {
    expect(databaseConfigFrom({}).migrations).toEqual({ lockTimeoutMs: 5_000, lockRetries: 3, advisoryLockWaitMs: 300_000 });
  });

  it('reads MIGRATION_LOCK_TIMEOUT_MS, MIGRATION_LOCK_RETRIES and MIGRATION_ADVISORY_LOCK_WAIT_MS', () => {
    const sut = databaseConfigFrom({ MIGRATION_LOCK_TIMEOUT_MS: '750', MIGRATION_LOCK_RETRIES: '0', MIGRATION_ADVISORY_LOCK_WAIT_MS: '0' });
    expect(sut.migrations).toEqual({ lockTimeoutMs: 750, lockRetries: 0, advisoryLockWaitMs: 0 });
  });

  it('accepts the bounds', () => {
    expect(problemsOf({ MIGRATION_LOCK_TIMEOUT_MS: '100', MIGRATION_LOCK_RETRIES: '20', MIGRATION_ADVISORY_LOCK_WAIT_MS: '3600000' })).toEqual([]);
    expect(problemsOf({ MIGRATION_LOCK_TIMEOUT_MS: '600000' })).toEqual([]);
  });

  it.each([
    // 0 would be PostgreSQL's "wait forever": exactly what the setting is there to prevent.
    ['MIGRATION_LOCK_TIMEOUT_MS', '0'],
    ['MIGRATION_LOCK_TIMEOUT_MS', '99'],
    ['MIGRATION_LOCK_TIMEOUT_MS', '600001'],
    ['MIGRATION_LOCK_TIMEOUT_MS', '5s'],
    ['MIGRATION_LOCK_TIMEOUT_MS', '1.5'],
    ['MIGRATION_LOCK_RETRIES', '-1'],
    ['MIGRATION_LOCK_RETRIES', '21'],
    ['MIGRATION_LOCK_RETRIES', 'many'],
    ['MIGRATION_ADVISORY_LOCK_WAIT_MS', '-1'],
    ['MIGRATION_ADVISORY_LOCK_WAIT_MS', '3600001'],
  ])('refuses %s=%s with one line naming the variable, never the value', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^${name}: `))]);
    const escaped = value.replace(/[.-]/g, '\\$&');
    expect(problems[0].slice(name.length)).not.toMatch(new RegExp(`(^|[^\\d.])${escaped}($|[^\\d.])`));
  });

  it('counts an empty value as unset', () => {
    expect(databaseConfigFrom({ MIGRATION_LOCK_TIMEOUT_MS: '', MIGRATION_LOCK_RETRIES: '' }).migrations).toMatchObject({
      lockTimeoutMs: 5_000,
      lockRetries: 3,
    });
  });
});
