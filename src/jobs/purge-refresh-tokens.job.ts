import { Inject, Injectable } from '@nestjs/common';
import { jobsConfig, type JobsConfig } from '../config/jobs.config';
import { deleteInBatches } from './delete-in-batches';
import { HousekeepingRepository } from './housekeeping.repository';
import { HousekeepingJobName, type HousekeepingJob, type JobResult } from './housekeeping-job';

/**
 * Removes what refresh can never use again: sessions that ended (expired, or revoked by logout, logout-all,
 * a password change, a disabled account or reuse detection) more than the grace ago, with their tokens, and
 * unused expired tokens. Tokens of ended sessions go first, in batches, so one statement never cascades into
 * a whole token family.
 */
@Injectable()
export class PurgeRefreshTokensJob implements HousekeepingJob {
  readonly name = HousekeepingJobName.PurgeRefreshTokens;

  constructor(
    private readonly repository: HousekeepingRepository,
    @Inject(jobsConfig.KEY) private readonly config: JobsConfig,
  ) {}

  async run(signal: AbortSignal): Promise<JobResult> {
    const { sessionPurgeGraceSeconds: grace, batchSize } = this.config;
    const endedSessionTokens = await deleteInBatches((limit) => this.repository.deleteTokensOfEndedSessions(grace, limit), batchSize, signal);
    const sessions = await deleteInBatches((limit) => this.repository.deleteEndedSessions(grace, limit), batchSize, signal);
    const expiredTokens = await deleteInBatches((limit) => this.repository.deleteExpiredUnusedTokens(grace, limit), batchSize, signal);
    return { sessions, refreshTokens: endedSessionTokens + expiredTokens, interrupted: signal.aborted };
  }
}
