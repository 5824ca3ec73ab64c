import { createServer, type Server } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { register } from 'prom-client';
import { httpConfig, type HttpConfig } from '../config/http.config';
import { metricsConfig, type MetricsConfig } from '../config/metrics.config';
import { bearerMatches } from './metrics.controller';

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
    this.server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      if (this.config.token && !bearerMatches(request.headers.authorization, this.config.token)) {
        response.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
        return;
      }
      register
        .metrics()
        .then((text) => response.writeHead(200, { 'content-type': register.contentType }).end(text))
        .catch(() => response.writeHead(500).end());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.config.port, this.http.host, resolve));
    this.logger.log(`Metrics on http://${this.http.host}:${this.config.port}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
