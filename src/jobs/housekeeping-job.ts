export const HOUSEKEEPING_QUEUE = 'housekeeping';

export const HousekeepingJobName = {
  PurgeRefreshTokens: 'purge-refresh-tokens',
  PurgeAuditLogs: 'purge-audit-logs',
  PurgeIdempotencyKeys: 'purge-idempotency-keys',
  PurgeChangeEvents: 'purge-change-events',
} as const;
export type HousekeepingJobName = (typeof HousekeepingJobName)[keyof typeof HousekeepingJobName];

export const isHousekeepingJobName = (name: string): name is HousekeepingJobName => Object.values<string>(HousekeepingJobName).includes(name);

/** What a job reports when it finishes: counts of what it did, kept with the job and logged. */
export type JobResult = Record<string, number | boolean>;

/** One housekeeping task. Runs must be idempotent: a retry or an overlapping run only finds less to do. */
export interface HousekeepingJob {
  readonly name: HousekeepingJobName;
  /** `signal` aborts at shutdown: stop between batches and return what was done so far. */
  run(signal: AbortSignal): Promise<JobResult>;
}

/** One try of one scheduled run, as the queue or the in-process scheduler sees it. */
export interface JobExecution {
  /** 1-based. */
  attempt: number;
  attempts: number;
  /** The period this run belongs to (its slot on the schedule), the same on every retry. */
  scheduledAt: Date;
}
