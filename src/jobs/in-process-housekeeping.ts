import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { jobsConfig, type JobsConfig } from '../config/jobs.config';
import type { ScheduledJob } from './housekeeping-plan';
import { HousekeepingRunner } from './housekeeping-runner';
import type { HousekeepingJobName } from './housekeeping-job';

/**
 * Housekeeping without Redis: the same jobs on timers in this process, retried with the same exponential
 * backoff. Without Redis the service is single-instance by definition (development mode), so this process's
 * timer is the only schedule there is and each period runs once.
 */
@Injectable()
export class InProcessHousekeeping {
  private readonly stopping = new AbortController();
  private readonly timers: string[] = [];
  private readonly running = new Map<HousekeepingJobName, Promise<void>>();

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly runner: HousekeepingRunner,
    @Inject(jobsConfig.KEY) private readonly config: JobsConfig,
  ) {}

  start(scheduled: ScheduledJob[]): void {
    for (const { job, everyMs } of scheduled) {
      const timer = `housekeeping:${job.name}`;
      this.registry.addInterval(
        timer,
        setInterval(() => this.onPeriod(job.name), everyMs),
      );
      this.timers.push(timer);
    }
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    for (const timer of this.timers) if (this.registry.doesExist('interval', timer)) this.registry.deleteInterval(timer);
    await Promise.allSettled(this.running.values());
  }

  private onPeriod(name: HousekeepingJobName): void {
    // A run still busy (retries included) when its next period starts covers that period too, as with BullMQ.
    if (this.running.has(name) || this.stopping.signal.aborted) return;
    const run = this.runWithRetries(name, new Date()).finally(() => this.running.delete(name));
    this.running.set(name, run);
  }

  private async runWithRetries(name: HousekeepingJobName, scheduledAt: Date): Promise<void> {
    const { attempts, backoffMs } = this.config;
    for (let attempt = 1; attempt <= attempts && !this.stopping.signal.aborted; attempt++) {
      try {
        await this.runner.run(name, { attempt, attempts, scheduledAt });
        return;
      } catch {
        // Logged and counted by the runner.
        if (attempt === attempts) return;
        await sleep(backoffMs * 2 ** (attempt - 1), undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
    }
  }
}
