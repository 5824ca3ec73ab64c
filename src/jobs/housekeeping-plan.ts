import { Inject, Injectable } from '@nestjs/common';
import { jobsConfig, type JobsConfig } from '../config/jobs.config';
import { PurgeAuditLogsJob } from './purge-audit-logs.job';
import { PurgeChangeEventsJob } from './purge-change-events.job';
import { PurgeIdempotencyKeysJob } from './purge-idempotency-keys.job';
import { PurgeRefreshTokensJob } from './purge-refresh-tokens.job';
import type { HousekeepingJob, HousekeepingJobName } from './housekeeping-job';

/**
 * Expired idempotency records are already ignored by every claim, and the change feed's retention is counted in
 * days: both purges only bound their tables, so hourly is plenty.
 */
const PURGE_IDEMPOTENCY_KEYS_EVERY_MS = 3_600_000;
const PURGE_CHANGE_EVENTS_EVERY_MS = 3_600_000;

export interface ScheduledJob {
  job: HousekeepingJob;
  everyMs: number;
}

/** Which housekeeping jobs exist, which of them this configuration schedules, and how often. */
@Injectable()
export class HousekeepingPlan {
  private readonly jobs: ReadonlyMap<HousekeepingJobName, HousekeepingJob>;

  constructor(
    private readonly refreshTokens: PurgeRefreshTokensJob,
    private readonly auditLogs: PurgeAuditLogsJob,
    private readonly idempotencyKeys: PurgeIdempotencyKeysJob,
    private readonly changeEvents: PurgeChangeEventsJob,
    @Inject(jobsConfig.KEY) private readonly config: JobsConfig,
  ) {
    this.jobs = new Map<HousekeepingJobName, HousekeepingJob>([refreshTokens, auditLogs, idempotencyKeys, changeEvents].map((job) => [job.name, job]));
  }

  get scheduled(): ScheduledJob[] {
    const { everySeconds } = this.config;
    const scheduled: ScheduledJob[] = [
      { job: this.refreshTokens, everyMs: everySeconds.purgeRefreshTokens * 1_000 },
      { job: this.idempotencyKeys, everyMs: PURGE_IDEMPOTENCY_KEYS_EVERY_MS },
      { job: this.changeEvents, everyMs: PURGE_CHANGE_EVENTS_EVERY_MS },
    ];
    if (this.auditLogs.enabled) scheduled.push({ job: this.auditLogs, everyMs: everySeconds.purgeAuditLogs * 1_000 });
    return scheduled;
  }

  /** Jobs this configuration does not schedule; a schedule left for them by an earlier deployment is removed. */
  get unscheduled(): HousekeepingJobName[] {
    const scheduled = new Set(this.scheduled.map(({ job }) => job.name));
    return [...this.jobs.keys()].filter((name) => !scheduled.has(name));
  }

  job(name: HousekeepingJobName): HousekeepingJob {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`No housekeeping job named ${name}`);
    return job;
  }
}
