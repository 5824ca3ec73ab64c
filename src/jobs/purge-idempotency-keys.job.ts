import { Inject, Injectable } from '@nestjs/common';
import { jobsConfig, type JobsConfig } from '../config/jobs.config';
import { deleteInBatches } from './delete-in-batches';
import { HousekeepingRepository } from './housekeeping.repository';
import { HousekeepingJobName, type HousekeepingJob, type JobResult } from './housekeeping-job';

/** Deletes Idempotency-Key records past their lifetime: a claim already ignores them, so this only bounds the table. */
@Injectable()
export class PurgeIdempotencyKeysJob implements HousekeepingJob {
  readonly name = HousekeepingJobName.PurgeIdempotencyKeys;

  constructor(
    private readonly repository: HousekeepingRepository,
    @Inject(jobsConfig.KEY) private readonly config: JobsConfig,
  ) {}

  async run(signal: AbortSignal): Promise<JobResult> {
    const idempotencyKeys = await deleteInBatches((limit) => this.repository.deleteExpiredIdempotencyKeys(limit), this.config.batchSize, signal);
    return { idempotencyKeys, interrupted: signal.aborted };
  }
}
