import { performance } from 'node:perf_hooks';
import { Injectable, Logger } from '@nestjs/common';
import { HousekeepingPlan } from './housekeeping-plan';
import { HOUSEKEEPING_QUEUE, type HousekeepingJobName, type JobExecution, type JobResult } from './housekeeping-job';
import { jobsCompleted, jobsFailed } from './job-metrics';

/**
 * Runs one attempt of a housekeeping job for either scheduler (BullMQ or in-process): logs and counts the
 * outcome, and rethrows a failure so the scheduler retries it.
 */
@Injectable()
export class HousekeepingRunner {
  private readonly logger = new Logger('Housekeeping');
  private readonly shutdown = new AbortController();

  constructor(private readonly plan: HousekeepingPlan) {}

  async run(name: HousekeepingJobName, execution: JobExecution): Promise<JobResult> {
    // `job_name`, not `job`: Prometheus reserves `job` for the scrape target and would rename it.
    const labels = { queue: HOUSEKEEPING_QUEUE, job_name: name };
    const context = {
      queue: HOUSEKEEPING_QUEUE,
      job: name,
      attempt: execution.attempt,
      attempts: execution.attempts,
      scheduledAt: execution.scheduledAt.toISOString(),
    };
    const started = performance.now();
    try {
      const result = await this.plan.job(name).run(this.shutdown.signal);
      jobsCompleted.inc(labels);
      this.logger.log({ event: 'job.completed', ...context, durationMs: Math.round(performance.now() - started), result }, `Job ${name} completed`);
      return result;
    } catch (error) {
      jobsFailed.inc(labels);
      const willRetry = execution.attempt < execution.attempts;
      const fields = { event: 'job.failed', ...context, willRetry, err: error };
      if (willRetry) this.logger.warn(fields, `Job ${name} failed; it will be retried`);
      else this.logger.error(fields, `Job ${name} failed on its last attempt; it runs again next period`);
      throw error;
    }
  }

  /** Asks running jobs to stop after their current batch (shutdown). */
  abort(): void {
    this.shutdown.abort();
  }
}
