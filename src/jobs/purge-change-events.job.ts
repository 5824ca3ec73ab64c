import { Inject, Injectable } from '@nestjs/common';
import { changeFeedConfig, type ChangeFeedConfig } from '../config/change-feed.config';
import { jobsConfig, type JobsConfig } from '../config/jobs.config';
import { deleteInBatches } from './delete-in-batches';
import { HousekeepingRepository } from './housekeeping.repository';
import { HousekeepingJobName, type HousekeepingJob, type JobResult } from './housekeeping-job';

/**
 * Deletes change events older than CHANGE_FEED_RETENTION_DAYS, oldest first; never one not yet dispatched to webhooks
 * or that a delivery is still attempting.
 */
@Injectable()
export class PurgeChangeEventsJob implements HousekeepingJob {
  readonly name = HousekeepingJobName.PurgeChangeEvents;

  constructor(
    private readonly repository: HousekeepingRepository,
    @Inject(jobsConfig.KEY) private readonly jobs: JobsConfig,
    @Inject(changeFeedConfig.KEY) private readonly feed: ChangeFeedConfig,
  ) {}

  async run(signal: AbortSignal): Promise<JobResult> {
    const through = await this.repository.changeEventsPurgeBound(this.feed.retentionDays);
    const changeEvents = await deleteInBatches((limit) => this.repository.purgeChangeEvents(through, limit), this.jobs.batchSize, signal);
    return { changeEvents, interrupted: signal.aborted };
  }
}
