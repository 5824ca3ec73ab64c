/**
 * What a failed database call means for the request, decided in one place for the problem filter, the JWT guard
 * and the read router. node-postgres, pg-pool and TypeORM report the same failure in different shapes: the
 * driver's error (a SQLSTATE `code`), Node's socket or DNS error (an errno `code`), a bare `Error` with a fixed
 * message, TypeORM's `QueryFailedError` (the driver error as `driverError`, its fields copied on it), an error
 * with a `cause` (pg-pool's connection timeout), or an `AggregateError` (a host name with several addresses).
 */

/**
 * SQLSTATEs of a server that ended or refused the connection, or that no longer takes writes
 * (https://www.postgresql.org/docs/current/errcodes-appendix.html).
 */
const UNAVAILABLE_SQLSTATES: ReadonlySet<string> = new Set([
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
  '08007', // transaction_resolution_unknown: the connection broke during COMMIT
  '57P01', // admin_shutdown: pg_terminate_backend, a fast shutdown, a failover manager restarting the server
  '57P02', // crash_shutdown: another backend crashed and the server restarts
  '57P03', // cannot_connect_now: the server is starting, stopping or recovering
  '57P05', // idle_session_timeout: the server closed a connection left idle (PostgreSQL 14+)
  // read_only_sql_transaction: a write reached a server that is (now) a standby, such as a demoted primary the
  // writer's address still points to. Nothing was written, and the write will succeed once the address moves.
  '25006',
]);

/** Node's socket and DNS errors: the server went away, or its name is being moved to another address. */
const UNAVAILABLE_ERRNOS: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** The fixed messages of node-postgres and pg-pool for a connection that ended, or never opened in time. */
const UNAVAILABLE_MESSAGES: ReadonlySet<string> = new Set([
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'Connection terminated',
  'timeout expired',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
]);

/** statement_timeout (57014): the server is up but the statement took too long. */
const BUSY_SQLSTATES: ReadonlySet<string> = new Set(['57014']);

/** pg-pool's message when no pooled connection frees up within the acquire timeout. */
const POOL_EXHAUSTED_MESSAGE = 'timeout exceeded when trying to connect';

/** How long a client should wait before retrying, in seconds: a restart or a failover takes a few seconds. */
export const DATABASE_UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

interface ErrorFields {
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The error and every error it wraps (TypeORM's `driverError`, a `cause`, an `AggregateError`'s `errors`). */
function* errorChain(error: unknown, seen = new Set<unknown>()): Generator<ErrorFields> {
  if (typeof error !== 'object' || error === null || seen.has(error) || seen.size > 16) return;
  seen.add(error);
  const fields = error as ErrorFields;
  yield fields;
  yield* errorChain(fields.driverError, seen);
  yield* errorChain(fields.cause, seen);
  if (Array.isArray(fields.errors)) for (const nested of fields.errors) yield* errorChain(nested, seen);
}

function someInChain(error: unknown, test: (fields: ErrorFields) => boolean): boolean {
  for (const fields of errorChain(error)) if (test(fields)) return true;
  return false;
}

/** A database error's SQLSTATE (or the driver's connection error code), whether TypeORM wrapped it or not. */
export function databaseErrorCode(error: unknown): string | undefined {
  const fields = error as ErrorFields | null | undefined;
  const code = (fields?.driverError as ErrorFields | undefined)?.code ?? fields?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The database cannot serve this call right now, whichever pool it went to: the connection was refused, reset,
 * terminated by the server (a restart, a failover, `pg_terminate_backend`), could not be opened in time, the host
 * name did not resolve, or a write reached a server that is read-only (25006). Retrying later, on a new
 * connection, is the remedy: the pool has already dropped a connection that failed this way.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return someInChain(error, ({ code, message }) => {
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code))) return true;
    return typeof message === 'string' && UNAVAILABLE_MESSAGES.has(message);
  });
}

/** No pooled connection freed up within the acquire timeout: every connection of that pool is busy. */
export function isPoolExhausted(error: unknown): boolean {
  return someInChain(error, ({ message }) => message === POOL_EXHAUSTED_MESSAGE);
}

/** The database is up but saturated: a statement past `statement_timeout`, or no free pooled connection in time. */
export function isDatabaseBusy(error: unknown): boolean {
  return isPoolExhausted(error) || someInChain(error, ({ code }) => typeof code === 'string' && BUSY_SQLSTATES.has(code));
}
