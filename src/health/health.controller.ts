import { SkipRateLimit } from '../rate-limit/skip-rate-limit.decorator';
import { Public } from '../auth/decorators/public.decorator';
import { Controller, Get, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthIndicatorResult } from '@nestjs/terminus';
import { ProblemDetails } from '../common/problem/problem-details';
import { ProblemException } from '../common/problem/problem.exception';
import { ErrorCode } from '../common/problem/error-code';
import { gauge } from '../metrics/metric-registry';
import { ShutdownState } from '../lifecycle/shutdown-state';
import { DependencyHealthIndicators } from './dependency-health.indicators';
import { DependencyStatusDto, LivenessDto, ReadinessDto } from './dto/probe.dto';

/** Set by each readiness probe: an instance that stays ready while a dependency is down still shows it here. */
const dependencyUp = gauge<'dependency'>({
  name: 'health_dependency_up',
  help: 'Whether a dependency answered the last readiness probe (1) or not (0): database:primary, database:replica-N, redis',
  labelNames: ['dependency'],
});

@Public()
@ApiTags('health')
@ApiExtraModels(DependencyStatusDto)
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(
    private readonly dependencies: DependencyHealthIndicators,
    private readonly shutdown: ShutdownState,
  ) {}

  /**
   * Liveness: the process answers.
   *
   * @remarks Never checks dependencies, so a database outage does not restart pods.
   */
  @Get('live')
  @SkipRateLimit()
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  /**
   * Readiness: whether this instance can answer.
   *
   * @remarks It fails when shutdown has begun or when no database answers
   * at all (primary and every replica: nothing but cached reads could be served). A shared dependency that is
   * down for every instance alike (Redis, a replica, even the primary while replicas answer) is reported under
   * `degraded` but keeps the instance ready: the service degrades around it (cache and limits skip Redis, reads
   * fall back, writes answer 503), and taking every instance out of the load balancer at once would turn a
   * partial outage into a total one.
   */
  @Get('ready')
  @SkipRateLimit()
  @HealthCheck({ noCache: true })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ type: ProblemDetails, description: 'Shutting down, or no database answers (`checks` holds the details)' })
  async ready(): Promise<ReadinessDto> {
    if (this.shutdown.isShuttingDown) {
      throw new ProblemException(503, ErrorCode.ServiceUnavailable, { detail: 'The service is shutting down', headers: { 'retry-after': '5' } });
    }
    const checks = [...this.dependencies.databases(), () => this.dependencies.redisCheck()];
    const details: HealthIndicatorResult = Object.assign({}, ...(await Promise.all(checks.map((check) => check()))));
    const degraded = Object.keys(details).filter((name) => details[name].status !== 'up');
    for (const name of Object.keys(details)) dependencyUp.set({ dependency: name }, degraded.includes(name) ? 0 : 1);
    const databases = Object.keys(details).filter((name) => name.startsWith('database:'));
    if (databases.every((name) => degraded.includes(name))) {
      throw new ProblemException(503, ErrorCode.ServiceUnavailable, {
        detail: 'No database answers',
        extensions: { checks: details },
        headers: { 'retry-after': '5' },
      });
    }
    return { status: 'ok', degraded, details: details as ReadinessDto['details'] };
  }
}
