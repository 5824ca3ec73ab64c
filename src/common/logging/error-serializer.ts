import { stdSerializers } from 'pino';

type Fields = Record<string, unknown>;

/** What names a failed statement without holding any of its data: SQLSTATE, where it failed, which rule refused it. */
const DATABASE_FIELDS = ['code', 'severity', 'schema', 'table', 'column', 'dataType', 'constraint', 'routine'] as const;
const SQLSTATE = /^[0-9A-Z]{5}$/;
/** Class 22, data exception: PostgreSQL quotes the refused value in the message (`invalid input syntax for type uuid: "…"`). */
const DATA_EXCEPTION = /^22/;

const isErrorLike = (value: unknown): value is Error & Fields => typeof value === 'object' && value !== null && typeof (value as Fields).message === 'string';

/**
 * A database error: TypeORM's QueryFailedError (`query`, `parameters`, `driverError`, and the driver error's fields
 * copied on it) or the driver's own (node-postgres' DatabaseError: a SQLSTATE `code` and a `severity`).
 */
function isDatabaseError(error: Error & Fields): boolean {
  if ('driverError' in error || 'parameters' in error) return true;
  return typeof error.code === 'string' && SQLSTATE.test(error.code) && 'severity' in error;
}

/**
 * The application logger's `err` serialiser (OWASP ASVS 7.1.1: no sensitive data in logs). A database error keeps
 * what tells what failed (SQLSTATE, severity, schema, table, column, constraint, routine, and the statement's text,
 * which is parameterised) and loses what holds data: the bound parameters, PostgreSQL's `detail` ("Failing row
 * contains (…)", "Key (email)=(…)"), `where`, `hint`, the internal query, and the values a data exception quotes in
 * its message and stack. Any other error is pino's standard serialisation, with nested errors (a `cause`, a
 * wrapped driver error) serialised by these same rules.
 */
export function serializeError(value: unknown): unknown {
  return serialize(value, new Set());
}

/** `within`: the errors this one is nested in, so that a cycle ends instead of recursing forever. */
function serialize(value: unknown, within: Set<unknown>): unknown {
  if (!isErrorLike(value)) return value;
  if (within.has(value)) return '[Circular]';
  if (isDatabaseError(value)) return databaseError(value);
  within.add(value);
  const serialized = stdSerializers.err(value) as unknown as Fields;
  for (const [key, nested] of Object.entries(value)) {
    if (key !== 'cause' && isErrorLike(nested)) serialized[key] = serialize(nested, within);
  }
  if (Array.isArray(value.errors)) serialized.aggregateErrors = value.errors.map((nested) => serialize(nested, within));
  if (isErrorLike(value.cause)) {
    // pino appends a cause's message and stack to the error's own; a database error's must not carry its values.
    serialized.message = value.message;
    serialized.stack = value.stack;
    serialized.cause = serialize(value.cause, within);
  }
  within.delete(value);
  return serialized;
}

function databaseError(error: Error & Fields): Fields {
  const driver = isErrorLike(error.driverError) ? error.driverError : undefined;
  const fields: Fields = { type: error.constructor?.name ?? error.name };
  for (const name of DATABASE_FIELDS) {
    const field = error[name] ?? driver?.[name];
    if (field !== undefined) fields[name] = field;
  }
  const message = DATA_EXCEPTION.test(String(fields.code)) ? error.message.replace(/"[^"]*"/g, '"[REDACTED]"') : error.message;
  fields.message = message;
  // The stack's first lines repeat the message; only its frames are kept.
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  fields.stack = [`${error.name}: ${message}`, ...frames].join('\n');
  if (typeof error.query === 'string') fields.query = error.query;
  return fields;
}
