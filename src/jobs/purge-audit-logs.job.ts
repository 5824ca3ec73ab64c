import { Inject, Injectable } from '@nestjs/common';
import { jobsConfig, type JobsConfig } from '../config/jobs.config';
import { deleteInBatches } from './delete-in-batches';
import { HousekeepingRepository } from './housekeeping.repository';
import { HousekeepingJobName, type HousekeepingJob, type JobResult } from './housekeeping-job';

/** Deletes audit rows older than `AUDIT_RETENTION_DAYS`; without it the trail is kept forever. */
@Injectable()
export class PurgeAuditLogsJob implements HousekeepingJob {
  readonly name = HousekeepingJobName.PurgeAuditLogs;

  constructor(
    private readonly repository: HousekeepingRepository,
    @Inject(jobsConfig.KEY) private readonly config: JobsConfig,
  ) {}

  /** Whether this instance schedules the job at all. */
  get enabled(): boolean {
    return this.config.auditRetentionDays !== undefined;
  }

  async run(signal: AbortSignal): Promise<JobResult> {
    const retentionDays = this.config.auditRetentionDays;
    // Another instance with a retention may have scheduled it; this one's configuration says keep everything.
    if (retentionDays === undefined) return { auditLogs: 0, skipped: true };
    const cutoff = await this.repository.auditCutoff(retentionDays);
    const auditLogs = await deleteInBatches((limit) => this.repository.purgeAuditLogs(cutoff, limit), this.config.batchSize, signal);
    return { auditLogs, interrupted: signal.aborted };
  }
}
