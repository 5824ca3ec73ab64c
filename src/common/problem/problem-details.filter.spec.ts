import { type ArgumentsHost, Logger } from '@nestjs/common';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { useServerErrorReporter } from '../../observability/observability-runtime';
import { ProblemDetailsFilter } from './problem-details.filter';
import { ProblemException } from './problem.exception';
import { ErrorCode } from './error-code';

function serverError(code: string, message: string): DatabaseError {
  return Object.assign(new DatabaseError(message, 100, 'error'), { severity: 'ERROR', code });
}

const wrapped = (driverError: Error) => new QueryFailedError('UPDATE users SET name = $1 WHERE id = $2', ['secret name', 'u-1'], driverError);

/** One request through the filter: what the reply received. */
function answer(sut: ProblemDetailsFilter, exception: unknown) {
  const reply = {
    sent: false,
    statusCode: 0,
    headers: {} as Record<string, string>,
    body: undefined as unknown,
    header(name: string, value: string) {
      this.headers[name.toLowerCase()] = value;
      return this;
    },
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    send(body: unknown) {
      this.body = body;
      return this;
    },
  };
  const request = { id: 'req-1', method: 'GET', url: '/api/v1/users/me?x=1', routeOptions: { url: '/api/v1/users/me' }, user: { id: 'u-1' } };
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }) } as unknown as ArgumentsHost;
  sut.catch(exception, host);
  return reply;
}

describe(ProblemDetailsFilter.name, () => {
  const sut = new ProblemDetailsFilter();
  const reporter = jest.fn();
  let warn: jest.SpyInstance;
  let error: jest.SpyInstance;

  beforeAll(() => useServerErrorReporter(reporter));
  afterAll(() => useServerErrorReporter(() => undefined));

  beforeEach(() => {
    reporter.mockClear();
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  describe('a database that is unavailable', () => {
    it.each([
      ['an admin shutdown (57P01), wrapped by TypeORM', wrapped(serverError('57P01', 'terminating connection due to administrator command'))],
      ['a crash shutdown (57P02)', serverError('57P02', 'terminating connection because of crash of another server process')],
      ['a read-only primary (25006), wrapped by TypeORM', wrapped(serverError('25006', 'cannot execute UPDATE in a read-only transaction'))],
      ['a connection failure (08006)', serverError('08006', 'connection failure')],
      ['a refused connection (ECONNREFUSED)', Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' })],
      ['a reset connection (ECONNRESET)', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
      ['a name that does not resolve while DNS moves (EAI_AGAIN)', Object.assign(new Error('getaddrinfo EAI_AGAIN db'), { code: 'EAI_AGAIN' })],
      ['a connection that ended mid-query', new Error('Connection terminated unexpectedly')],
      ['a connect timeout in pg-pool', new Error('Connection terminated due to connection timeout', { cause: new Error('timeout expired') })],
    ])('is a 503 problem with Retry-After for %s, warned, never reported to monitoring', (_what, exception) => {
      const reply = answer(sut, exception);
      expect(reply.statusCode).toBe(503);
      expect(reply.headers['retry-after']).toBe('2');
      expect(reply.headers['content-type']).toBe('application/problem+json');
      // Exactly this: nothing of the cause (SQLSTATE, message, statement, parameters) reaches the client.
      expect(reply.body).toEqual({
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        code: ErrorCode.ServiceUnavailable,
        detail: 'The service is temporarily unavailable; retry shortly',
        instance: '/api/v1/users/me',
        requestId: 'req-1',
      });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toMatchObject({ event: 'database.unavailable', requestId: 'req-1', err: exception });
      expect(error).not.toHaveBeenCalled();
      expect(reporter).not.toHaveBeenCalled();
    });
  });

  it('keeps a saturated database a 503 with Retry-After 1, warned and reported (a pool or query to tune)', () => {
    for (const exception of [
      wrapped(serverError('57014', 'canceling statement due to statement timeout')),
      new Error('timeout exceeded when trying to connect'),
    ]) {
      reporter.mockClear();
      const reply = answer(sut, exception);
      expect(reply.statusCode).toBe(503);
      expect(reply.headers['retry-after']).toBe('1');
      expect((reply.body as { detail: string }).detail).toBe('The service is busy; retry shortly');
      expect(reporter).toHaveBeenCalledWith(exception, expect.objectContaining({ status: 503, requestId: 'req-1' }));
    }
    expect(error).not.toHaveBeenCalled();
  });

  it('keeps any other database error a bare 500, logged as an error and reported', () => {
    const exception = wrapped(serverError('42P01', 'relation "nope" does not exist'));
    const reply = answer(sut, exception);
    expect(reply.statusCode).toBe(500);
    expect(reply.headers['retry-after']).toBeUndefined();
    expect((reply.body as { code: string }).code).toBe(ErrorCode.InternalError);
    expect(error).toHaveBeenCalledTimes(1);
    expect(reporter).toHaveBeenCalledWith(exception, expect.objectContaining({ status: 500, route: '/api/v1/users/me', userId: 'u-1' }));
  });

  it('leaves a 401 a 401: an invalid token is not an outage', () => {
    const reply = answer(sut, new ProblemException(401, ErrorCode.Unauthorized, { detail: 'A valid access token is required' }));
    expect(reply.statusCode).toBe(401);
    expect(reporter).not.toHaveBeenCalled();
  });
});
