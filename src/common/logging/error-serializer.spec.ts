import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { serializeError } from './error-serializer';

/** A driver error as node-postgres builds it from PostgreSQL's ErrorResponse. */
function driverError(message: string, fields: Record<string, string>): DatabaseError {
  return Object.assign(new DatabaseError(message, message.length, 'error'), { severity: 'ERROR', schema: 'public', ...fields });
}

const INSERT = 'INSERT INTO "users"("email", "password_hash") VALUES ($1, $2) RETURNING "id"';

describe(serializeError.name, () => {
  it('keeps what failed and drops the bound parameters and the failing row', () => {
    const error = new QueryFailedError(
      INSERT,
      ['ada@example.com', 'secret-hash'],
      driverError('null value in column "role" of relation "users" violates not-null constraint', {
        code: '23502',
        detail: 'Failing row contains (7, ada@example.com, secret-hash, null).',
        table: 'users',
        column: 'role',
        routine: 'ExecConstraints',
        where: 'SQL statement "INSERT …" with secret-hash',
      }),
    );
    const serialized = serializeError(error);
    expect(serialized).toEqual({
      type: 'QueryFailedError',
      message: 'null value in column "role" of relation "users" violates not-null constraint',
      stack: expect.stringMatching(/^QueryFailedError: null value in column "role" .*\n\s+at /),
      code: '23502',
      severity: 'ERROR',
      schema: 'public',
      table: 'users',
      column: 'role',
      routine: 'ExecConstraints',
      query: INSERT,
    });
    expect(JSON.stringify(serialized)).not.toMatch(/secret|ada@example\.com|Failing row/);
  });

  it('keeps the constraint of a unique violation, not the duplicate key', () => {
    const error = new QueryFailedError(
      INSERT,
      ['ada@example.com', 'secret-hash'],
      driverError('duplicate key value violates unique constraint "users_email_key"', {
        code: '23505',
        detail: 'Key (email)=(ada@example.com) already exists.',
        table: 'users',
        constraint: 'users_email_key',
      }),
    );
    expect(serializeError(error)).toMatchObject({ code: '23505', constraint: 'users_email_key', table: 'users' });
    expect(JSON.stringify(serializeError(error))).not.toMatch(/secret|ada@example\.com/);
  });

  it('redacts the values a data exception quotes in its message and stack', () => {
    const error = new QueryFailedError(
      'SELECT * FROM sessions WHERE token_hash = $1::uuid',
      ['secret-token'],
      driverError('invalid input syntax for type uuid: "secret-token"', { code: '22P02', routine: 'string_to_uuid' }),
    );
    const serialized = serializeError(error) as Record<string, string>;
    expect(serialized.message).toBe('invalid input syntax for type uuid: "[REDACTED]"');
    expect(serialized.stack).toMatch(/^QueryFailedError: invalid input syntax for type uuid: "\[REDACTED\]"\n/);
    expect(JSON.stringify(serialized)).not.toContain('secret-token');
  });

  it("applies to the driver's own error, and to a database error wrapped in another", () => {
    const driver = driverError('duplicate key value violates unique constraint "users_email_key"', {
      code: '23505',
      detail: 'Key (email)=(ada@example.com) already exists.',
      constraint: 'users_email_key',
    });
    expect(serializeError(driver)).toMatchObject({ type: 'DatabaseError', code: '23505', constraint: 'users_email_key' });
    const wrapped = Object.assign(new Error('could not save the user', { cause: driver }), { statement: driver });
    const serialized = serializeError(wrapped) as Record<string, unknown>;
    expect(serialized).toMatchObject({ type: 'Error', message: 'could not save the user', cause: { code: '23505' }, statement: { code: '23505' } });
    expect(JSON.stringify(serialized)).not.toContain('ada@example.com');
  });

  it("is pino's standard serialisation for any other error", () => {
    const error = Object.assign(new TypeError('boom'), { statusCode: 502 });
    expect(serializeError(error)).toMatchObject({ type: 'TypeError', message: 'boom', stack: expect.stringContaining('TypeError: boom'), statusCode: 502 });
    expect(serializeError('not an error')).toBe('not an error');
  });
});
