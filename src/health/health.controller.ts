import { SkipRateLimit } from '../rate-limit/skip-rate-limit.decorator';
import { Public } from '../auth/decorators/public.decorator';
import { Controller, Get, ServiceUnavailableException, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { ProblemDetails } from '../common/problem/problem-details';
import { ProblemException } from '../common/problem/problem.exception';
import { ErrorCode } from '../common/problem/error-code';
import { ShutdownState } from '../lifecycle/shutdown-state';
import { DependencyHealthIndicators } from './dependency-health.indicators';

@Public()
@SkipRateLimit()
@ApiTags('health')
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly dependencies: DependencyHealthIndicators,
    private readonly shutdown: ShutdownState,
  ) {}

  /** Liveness: the process answers. Never checks dependencies, so a database outage does not restart pods. */
  @Get('live')
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: the primary, every replica and Redis answer within the timeout, and no shutdown has begun. */
  @Get('ready')
  @HealthCheck({ noCache: true })
  @ApiServiceUnavailableResponse({ type: ProblemDetails })
  async ready(): Promise<HealthCheckResult> {
    if (this.shutdown.isShuttingDown) {
      throw new ProblemException(503, ErrorCode.ServiceUnavailable, { detail: 'The service is shutting down', headers: { 'retry-after': '5' } });
    }
    try {
      return await this.health.check([...this.dependencies.databases(), () => this.dependencies.redisCheck()]);
    } catch (error) {
      // Terminus reports a failed check as a 503 whose body lists every check; keep that list for operators.
      if (error instanceof ServiceUnavailableException) {
        const { details } = error.getResponse() as Partial<HealthCheckResult>;
        throw new ProblemException(503, ErrorCode.ServiceUnavailable, {
          detail: 'A dependency is unavailable',
          extensions: { checks: details },
          headers: { 'retry-after': '5' },
        });
      }
      throw error;
    }
  }
}
