import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import { Public } from '../auth/decorators/public.decorator';
import { ErrorCode } from '../common/problem/error-code';
import { ProblemException } from '../common/problem/problem.exception';
import { metricsConfig, type MetricsConfig } from '../config/metrics.config';
import { SkipRateLimit } from '../rate-limit/skip-rate-limit.decorator';

/** True when `authorization` is `Bearer <token>`, compared in constant time. */
export function bearerMatches(authorization: string | undefined, token: string): boolean {
  const given = Buffer.from(authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * `/metrics`, outside the versioned API and the OpenAPI document. Not public data: with METRICS_TOKEN it needs
 * that bearer token; with METRICS_PORT it is served only on that port (see MetricsServer) and not here.
 */
@Public()
@ApiExcludeController()
@Controller({ version: VERSION_NEUTRAL })
export class MetricsController extends PrometheusController {
  constructor(@Inject(metricsConfig.KEY) private readonly config: MetricsConfig) {
    super();
  }

  @Get()
  @SkipRateLimit()
  override index(@Res({ passthrough: true }) response: unknown, @Headers('authorization') authorization?: string): Promise<string> {
    if (this.config.port) throw new ProblemException(404, ErrorCode.RouteNotFound, { detail: 'No route matches GET /metrics' });
    if (this.config.token && !bearerMatches(authorization, this.config.token)) {
      throw new ProblemException(401, ErrorCode.Unauthorized, { detail: 'Metrics need the metrics bearer token', headers: { 'www-authenticate': 'Bearer' } });
    }
    return super.index(response);
  }
}
