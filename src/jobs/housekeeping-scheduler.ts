import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { jobsConfig, type JobsConfig } from '../config/jobs.config';
import type { RedisConnection } from '../redis/redis-connection.factory';
import { REDIS_CLIENT } from '../redis/redis.constants';
import { BullmqHousekeeping } from './bullmq-housekeeping';
import { HousekeepingPlan } from './housekeeping-plan';
import { HousekeepingRunner } from './housekeeping-runner';
import { InProcessHousekeeping } from './in-process-housekeeping';

/**
 * Starts housekeeping once every module is up (migrations included): on the shared BullMQ queue when Redis is
 * configured, else on in-process timers. Stops it before the database and Redis close.
 */
@Injectable()
export class HousekeepingScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Housekeeping');

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisConnection | null,
    @Inject(jobsConfig.KEY) private readonly config: JobsConfig,
    private readonly plan: HousekeepingPlan,
    private readonly runner: HousekeepingRunner,
    private readonly queue: BullmqHousekeeping,
    private readonly inProcess: InProcessHousekeeping,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.enabled) {
      this.logger.log('Housekeeping jobs are off on this instance (JOBS_ENABLED=false)');
      return;
    }
    if (this.redis) {
      await this.queue.start(this.redis, this.plan);
      return;
    }
    this.inProcess.start(this.plan.scheduled);
    this.logger.log('No Redis: housekeeping jobs run on timers in this process (single-instance mode)');
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.runner.abort();
    await Promise.all([this.queue.stop(), this.inProcess.stop()]);
  }
}
