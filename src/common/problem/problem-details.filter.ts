import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { captureServerError } from '../../observability/observability-runtime';
import { DATABASE_UNAVAILABLE_RETRY_AFTER_SECONDS, databaseErrorCode, isDatabaseBusy, isDatabaseUnavailable } from '../../database/database-errors';
import type { RouteTable } from '../../edge/route-table';
import { codeForStatus, ErrorCode } from './error-code';
import { PROBLEM_CONTENT_TYPE, problemBody, statusTitle } from './problem-details';
import { ProblemException } from './problem.exception';

interface RenderedProblem {
  status: number;
  code: string;
  detail: string;
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** A dependency outage, not a fault of this service: warned, never sent to error monitoring. */
  outage?: boolean;
}

/**
 * The one place errors become responses: every error is RFC 9457 `application/problem+json` with `code` and
 * `requestId`. Unexpected errors become a bare 500 (nothing of the cause leaks, OWASP ASVS 7.4.1) and are
 * logged whole under the same request id. Every 5xx goes to error monitoring (when on), except a database that is
 * unavailable (a restart, a failover): that is a 503 with Retry-After and a warning, as an outage is not a bug and
 * would otherwise flood monitoring with one event per request. Client errors, Fastify's own 404/405/413 included,
 * never go to monitoring.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(private readonly routes?: RouteTable) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = this.render(exception, request);

    if (problem.status >= 500 && !(exception instanceof ProblemException)) {
      if (problem.outage) {
        this.logger.warn(
          { event: 'database.unavailable', sqlState: databaseErrorCode(exception), err: exception, requestId: request.id },
          'Database unavailable',
        );
      } else if (problem.status === 503) this.logger.warn({ err: exception, requestId: request.id }, 'Database saturated');
      else this.logger.error({ err: exception, requestId: request.id }, 'Unhandled error');
    }
    if (problem.status >= 500 && !problem.outage) {
      captureServerError(exception, {
        status: problem.status,
        method: request.method,
        requestId: String(request.id),
        route: request.routeOptions.url,
        userId: authenticatedUserId(request),
      });
    }

    const body = problemBody({ ...problem, instance: request.url.split('?')[0], requestId: String(request.id) });
    if (reply.sent) return;
    for (const [name, value] of Object.entries(problem.headers ?? {})) reply.header(name, value);
    reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
  }

  private render(exception: unknown, request: FastifyRequest): RenderedProblem {
    if (exception instanceof ProblemException) {
      return {
        status: exception.getStatus(),
        code: exception.code,
        detail: exception.problem.detail ?? statusTitle(exception.getStatus()),
        extensions: exception.problem.extensions,
        headers: exception.problem.headers,
      };
    }
    // Nest turns Fastify's own client errors (body too large, bad JSON, wrong media type) into HttpExceptions
    // carrying Fastify's fixed message, so they arrive here too.
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === HttpStatus.NOT_FOUND && !request.routeOptions.url) return this.unmatchedRoute(request);
      return { status, code: codeForStatus(status), detail: status >= 500 ? statusTitle(status) : this.httpExceptionDetail(exception) };
    }
    const fastifyError = this.fastifyClientError(exception);
    if (fastifyError) return fastifyError;
    if (isUnstorableText(exception)) {
      // The validation pipe refuses such text before any statement; reaching here means a path went around it.
      this.logger.warn(
        { event: 'database.unstorable_text', sqlState: databaseErrorCode(exception), route: request.routeOptions.url },
        'Text the database cannot store reached a statement',
      );
      return { status: 400, code: ErrorCode.BadRequest, detail: 'The request holds text the database cannot store, such as the character U+0000' };
    }
    // A failover, a restart or a demoted primary: clients and load balancers should come back, not report a bug.
    if (isDatabaseUnavailable(exception)) {
      return {
        status: 503,
        code: ErrorCode.ServiceUnavailable,
        detail: 'The service is temporarily unavailable; retry shortly',
        headers: { 'retry-after': String(DATABASE_UNAVAILABLE_RETRY_AFTER_SECONDS) },
        outage: true,
      };
    }
    // Saturated: no free pooled connection in time, or a statement past statement_timeout (57014). Still reported:
    // a pool or a query that needs tuning.
    if (isDatabaseBusy(exception)) {
      return { status: 503, code: ErrorCode.ServiceUnavailable, detail: 'The service is busy; retry shortly', headers: { 'retry-after': '1' } };
    }
    return { status: 500, code: ErrorCode.InternalError, detail: 'An unexpected error occurred; quote the request id to support' };
  }

  private unmatchedRoute(request: FastifyRequest): RenderedProblem {
    const path = request.url.split('?')[0];
    const allowed = this.routes?.allowedMethods(path) ?? [];
    // A method the path allows cannot be the reason: Fastify found no route for this spelling of the path.
    if (allowed.length && !allowed.includes(request.method)) {
      return {
        status: 405,
        code: ErrorCode.MethodNotAllowed,
        detail: `${request.method} is not allowed here; allowed: ${allowed.join(', ')}`,
        headers: { allow: allowed.join(', ') },
      };
    }
    return { status: 404, code: ErrorCode.RouteNotFound, detail: `No route matches ${request.method} ${path}` };
  }

  private httpExceptionDetail(exception: HttpException): string {
    const response = exception.getResponse();
    if (typeof response === 'string') return response;
    const message = (response as { message?: unknown }).message;
    if (Array.isArray(message)) return message.join('; ');
    return typeof message === 'string' ? message : statusTitle(exception.getStatus());
  }

  /** A 4xx error object from Fastify or a plugin that did not pass through Nest's mapping; its message is a fixed template. */
  private fastifyClientError(exception: unknown): RenderedProblem | undefined {
    if (!(exception instanceof Error)) return undefined;
    const { statusCode } = exception as { statusCode?: unknown };
    if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
    return { status: statusCode, code: codeForStatus(statusCode), detail: exception.message };
  }
}

/** Set by the JWT guard on authenticated routes; only the id is ever reported. */
function authenticatedUserId(request: FastifyRequest): string | undefined {
  const { user } = request as { user?: { id?: unknown } };
  return typeof user?.id === 'string' ? user.id : undefined;
}

/**
 * Text PostgreSQL refuses whatever the statement: a U+0000 in text (22021, invalid byte sequence) or in JSON
 * (22P05, untranslatable character). Only a request can carry it, so it is the client's mistake: 400, not 500.
 */
function isUnstorableText(exception: unknown): boolean {
  const code = databaseErrorCode(exception);
  return code === '22021' || code === '22P05';
}
