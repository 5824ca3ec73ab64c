import { createServer, type Server, type Socket } from 'node:net';
import { Client, DatabaseError, Pool } from 'pg';
import { QueryFailedError } from 'typeorm';
import { databaseErrorCode, isDatabaseBusy, isDatabaseUnavailable, isPoolExhausted } from './database-errors';

/** An error as node-postgres builds it from a server's ErrorResponse. */
function serverError(code: string, message: string): DatabaseError {
  return Object.assign(new DatabaseError(message, 100, 'error'), { severity: 'FATAL', code });
}

/** An error as Node builds it for a failed socket call or DNS lookup. */
function systemError(code: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${syscall} ${code} db.internal:5432`), { code, syscall, errno: -1 });
}

/** As TypeORM throws a failed query: the driver error as `driverError`, its fields copied on it. */
const wrapped = (driverError: Error) => new QueryFailedError('INSERT INTO users (email) VALUES ($1)', ['someone@example.com'], driverError);

describe('database errors', () => {
  describe(isDatabaseUnavailable.name, () => {
    it.each([
      ['57P01', 'admin shutdown', 'terminating connection due to administrator command'],
      ['57P02', 'crash shutdown', 'terminating connection because of crash of another server process'],
      ['57P03', 'cannot connect now', 'the database system is starting up'],
      ['57P05', 'idle session timeout', 'terminating connection due to idle-session timeout'],
      ['08000', 'connection exception', 'connection exception'],
      ['08001', 'unable to establish a connection', 'could not connect to server'],
      ['08003', 'connection does not exist', 'connection does not exist'],
      ['08004', 'server rejected the connection', 'server rejected establishment of connection'],
      ['08006', 'connection failure', 'connection failure'],
      ['08007', 'transaction resolution unknown', 'connection lost during COMMIT'],
      ['25006', 'read-only transaction (a demoted primary)', 'cannot execute INSERT in a read-only transaction'],
    ])('is true for SQLSTATE %s (%s), raw and wrapped by TypeORM', (code, _what, message) => {
      expect(isDatabaseUnavailable(serverError(code, message))).toBe(true);
      expect(isDatabaseUnavailable(wrapped(serverError(code, message)))).toBe(true);
    });

    it.each([
      ['ECONNREFUSED', 'connect'],
      ['ECONNRESET', 'read'],
      ['ECONNABORTED', 'connect'],
      ['EPIPE', 'write'],
      ['ETIMEDOUT', 'connect'],
      ['EHOSTUNREACH', 'connect'],
      ['ENETUNREACH', 'connect'],
      ['ENOTFOUND', 'getaddrinfo'],
      ['EAI_AGAIN', 'getaddrinfo'],
    ])('is true for the socket or DNS error %s, raw and wrapped by TypeORM', (code, syscall) => {
      expect(isDatabaseUnavailable(systemError(code, syscall))).toBe(true);
      expect(isDatabaseUnavailable(wrapped(systemError(code, syscall)))).toBe(true);
    });

    it.each([
      'Connection terminated unexpectedly',
      'Connection terminated due to connection timeout',
      'Connection terminated',
      'timeout expired',
      'Client has encountered a connection error and is not queryable',
      'Client was closed and is not queryable',
    ])('is true for node-postgres and pg-pool\'s "%s", raw and wrapped by TypeORM', (message) => {
      expect(isDatabaseUnavailable(new Error(message))).toBe(true);
      expect(isDatabaseUnavailable(wrapped(new Error(message)))).toBe(true);
    });

    it('looks through a cause and through every error of an AggregateError (a host name with several addresses)', () => {
      expect(isDatabaseUnavailable(new Error('Connection terminated due to connection timeout', { cause: new Error('timeout expired') }))).toBe(true);
      expect(isDatabaseUnavailable(new Error('wrapper', { cause: systemError('ECONNRESET', 'read') }))).toBe(true);
      expect(isDatabaseUnavailable(new AggregateError([systemError('ECONNREFUSED', 'connect'), systemError('ENETUNREACH', 'connect')], ''))).toBe(true);
    });

    it.each([
      ['a unique violation', serverError('23505', 'duplicate key value violates unique constraint "users_email_key"')],
      ['a bad uuid', serverError('22P02', 'invalid input syntax for type uuid: "x"')],
      ['a statement timeout (busy, not down)', serverError('57014', 'canceling statement due to statement timeout')],
      ['a recovery conflict', serverError('40001', 'canceling statement due to conflict with recovery')],
      ['a protocol violation (a bug, not an outage)', serverError('08P01', 'invalid message format')],
      ['the pool acquire timeout (busy, not down)', new Error('timeout exceeded when trying to connect')],
      ['a message that merely mentions a connection', new Error('Connection pool settings are invalid')],
      ['an ordinary error', new Error('boom')],
    ])('is false for %s', (_what, error) => {
      expect(isDatabaseUnavailable(error)).toBe(false);
      expect(isDatabaseUnavailable(wrapped(error))).toBe(false);
    });

    it('is false for what is not an error, and ends on a cycle', () => {
      for (const value of [undefined, null, 'ECONNREFUSED', 57, {}]) expect(isDatabaseUnavailable(value)).toBe(false);
      const cyclic: Error & { cause?: unknown } = new Error('outer');
      cyclic.cause = { driverError: cyclic };
      expect(isDatabaseUnavailable(cyclic)).toBe(false);
    });
  });

  describe('busy, not down', () => {
    it('tells a statement timeout and an exhausted pool apart from an outage', () => {
      expect(isDatabaseBusy(wrapped(serverError('57014', 'canceling statement due to statement timeout')))).toBe(true);
      expect(isDatabaseBusy(new Error('timeout exceeded when trying to connect'))).toBe(true);
      expect(isPoolExhausted(new Error('timeout exceeded when trying to connect'))).toBe(true);
      expect(isPoolExhausted(serverError('57014', 'canceling statement due to statement timeout'))).toBe(false);
      expect(isDatabaseBusy(serverError('57P01', 'terminating connection due to administrator command'))).toBe(false);
    });
  });

  it('reads the SQLSTATE from the driver error first', () => {
    expect(databaseErrorCode(wrapped(serverError('25006', 'read-only')))).toBe('25006');
    expect(databaseErrorCode(systemError('ECONNREFUSED', 'connect'))).toBe('ECONNREFUSED');
    expect(databaseErrorCode(new Error('x'))).toBeUndefined();
    expect(databaseErrorCode(undefined)).toBeUndefined();
  });

  /** What node-postgres and pg-pool really throw against misbehaving servers on loopback. */
  describe('as node-postgres really reports them', () => {
    const servers: Server[] = [];
    const sockets: Socket[] = [];

    async function listen(onConnection: (socket: Socket) => void): Promise<number> {
      const server = createServer((socket) => {
        sockets.push(socket);
        onConnection(socket);
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return (server.address() as { port: number }).port;
    }

    async function closedPort(): Promise<number> {
      const port = await listen(() => undefined);
      await new Promise((resolve) => servers.pop()!.close(resolve));
      return port;
    }

    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    });

    const connectError = async (client: Client) => {
      const error = await client.connect().then(
        () => undefined,
        (failure: unknown) => failure,
      );
      await client.end().catch(() => undefined);
      return error;
    };

    it('a refused connection (ECONNREFUSED), directly and through a pool', async () => {
      const port = await closedPort();
      expect(isDatabaseUnavailable(await connectError(new Client({ host: '127.0.0.1', port })))).toBe(true);
      const pool = new Pool({ host: '127.0.0.1', port, max: 1 });
      await expect(pool.query('SELECT 1').catch((error: unknown) => isDatabaseUnavailable(error))).resolves.toBe(true);
      await pool.end();
    });

    it('a server that accepts and closes at once ("Connection terminated unexpectedly")', async () => {
      const port = await listen((socket) => socket.end());
      const error = await connectError(new Client({ host: '127.0.0.1', port }));
      expect((error as Error).message).toBe('Connection terminated unexpectedly');
      expect(isDatabaseUnavailable(error)).toBe(true);
    });

    it('a server that resets the connection (ECONNRESET)', async () => {
      const port = await listen((socket) => socket.resetAndDestroy());
      const error = await connectError(new Client({ host: '127.0.0.1', port }));
      expect(isDatabaseUnavailable(error)).toBe(true);
    });

    it("a server that never answers: the client's connect timeout and pg-pool's", async () => {
      const port = await listen(() => undefined);
      const clientTimeout = await connectError(new Client({ host: '127.0.0.1', port, connectionTimeoutMillis: 50 }));
      expect(isDatabaseUnavailable(clientTimeout)).toBe(true);

      const pool = new Pool({ host: '127.0.0.1', port, max: 1, connectionTimeoutMillis: 50 });
      const poolTimeout = await pool.connect().catch((error: unknown) => error);
      expect((poolTimeout as Error).message).toBe('Connection terminated due to connection timeout');
      expect(isDatabaseUnavailable(poolTimeout)).toBe(true);
      expect(isDatabaseBusy(poolTimeout)).toBe(false);
      await pool.end();
    });
  });
});
