import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { appConfig, type AppConfig } from '../config/app.config';
import { withTimeout } from '../common/with-timeout';
import { DatabasePools } from '../database/database-pools';
import type { RedisConnection } from '../redis/redis-connection.factory';
import { REDIS_CLIENT } from '../redis/redis.constants';

/** Readiness probes of each dependency, each bounded by HEALTH_CHECK_TIMEOUT_MS. */
@Injectable()
export class DependencyHealthIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly pools: DatabasePools,
    @Inject(REDIS_CLIENT) private readonly redis: RedisConnection | null,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {}

  /** One check per database (the primary and every replica), each reporting its pool statistics. */
  databases(): Array<() => Promise<HealthIndicatorResult>> {
    return this.pools.all().map(({ name, pool }) => async () => {
      const check = this.indicators.check(`database:${name}`);
      const pool$ = DatabasePools.stats(pool);
      try {
        await withTimeout(pool.query('SELECT 1'), this.app.healthCheckTimeoutMs);
        return check.up({ pool: pool$ });
      } catch (error) {
        return check.down({ pool: pool$, message: reason(error) });
      }
    });
  }

  async redisCheck(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('redis');
    if (!this.redis) return check.up({ mode: 'in-process (single instance)' });
    try {
      await withTimeout(this.redis.ping(), this.app.healthCheckTimeoutMs);
      return check.up();
    } catch (error) {
      return check.down({ message: reason(error) });
    }
  }
}

// Driver messages can name hosts and users; the probe reports only the kind of failure.
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  return /timed out|timeout/i.test(message) ? 'timed out' : 'unreachable';
}
