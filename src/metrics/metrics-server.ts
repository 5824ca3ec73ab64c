import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { register } from 'prom-client';
import { REQUEST_ID_HEADER } from '../common/context/request-id';
import { ErrorCode } from '../common/problem/error-code';
import { PROBLEM_CONTENT_TYPE, problemType, statusTitle, type ProblemDetails } from '../common/problem/problem-details';
import { httpConfig, type HttpConfig } from '../config/http.config';
import { metricsConfig, type MetricsConfig } from '../config/metrics.config';
import { bearerMatches } from './metrics.controller';

const METRICS_PATH = '/metrics';

/** With METRICS_PORT: a plain HTTP listener answering only GET /metrics, for a scrape network of its own. */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsServer.name);
  private server?: Server;

  constructor(
    @Inject(metricsConfig.KEY) private readonly config: MetricsConfig,
    @Inject(httpConfig.KEY) private readonly http: HttpConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.port) return;
    this.server = createServer((request, response) => this.answer(request, response));
    await new Promise<void>((resolve) => this.server!.listen(this.config.port, this.http.host, resolve));
    this.logger.log(`Metrics on http://${this.http.host}:${this.config.port}${METRICS_PATH}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    const path = request.url?.split('?')[0] ?? '';
    if (path !== METRICS_PATH) return sendProblem(response, path, 404, ErrorCode.RouteNotFound, `No route matches ${request.method} ${path}`);
    if (request.method !== 'GET') {
      return sendProblem(response, path, 405, ErrorCode.MethodNotAllowed, `${request.method} is not allowed here; allowed: GET`, { allow: 'GET' });
    }
    if (this.config.token && !bearerMatches(request.headers.authorization, this.config.token)) {
      return sendProblem(response, path, 401, ErrorCode.Unauthorized, 'Metrics need the metrics bearer token', { 'www-authenticate': 'Bearer' });
    }
    register
      .metrics()
      .then((text) => response.writeHead(200, { 'content-type': register.contentType }).end(text))
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'Metrics collection failed');
        sendProblem(response, path, 500, ErrorCode.InternalError, 'Metrics could not be collected');
      });
  }
}

/** The same RFC 9457 body the API's problem filter writes, for this listener outside Nest. */
function sendProblem(response: ServerResponse, path: string, status: number, code: string, detail: string, headers: Record<string, string> = {}): void {
  const requestId = randomUUID();
  const body: ProblemDetails = { type: problemType(code, status), title: statusTitle(status), status, detail, instance: path, code, requestId };
  response.writeHead(status, { ...headers, 'content-type': PROBLEM_CONTENT_TYPE, [REQUEST_ID_HEADER]: requestId }).end(JSON.stringify(body));
}
