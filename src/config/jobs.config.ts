import { registerAs } from '@nestjs/config';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { readEnvironment, validateEnvironment, type Environment } from './environment';
import { ToBoolean, ToInt } from './env-transforms';

const DAY_SECONDS = 86_400;

class JobsEnvironment {
  /** Off: this instance neither schedules nor runs housekeeping jobs (others sharing its Redis still do). */
  @ToBoolean()
  @IsBoolean()
  JOBS_ENABLED = true;

  /** Jobs one instance runs at the same time. */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(16)
  JOBS_CONCURRENCY = 1;

  /** Tries per run, the first included; a run that fails them all waits for the next period. */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(20)
  JOBS_ATTEMPTS = 5;

  /** Wait before the first retry; each further retry waits twice as long as the one before. */
  @ToInt()
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  JOBS_BACKOFF_MS = 30_000;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(30 * DAY_SECONDS)
  JOBS_PURGE_REFRESH_TOKENS_EVERY_SECONDS = 3_600;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(30 * DAY_SECONDS)
  JOBS_PURGE_AUDIT_LOGS_EVERY_SECONDS = DAY_SECONDS;

  /**
   * How long an expired or revoked session and its tokens are kept before they are purged: longer than any
   * refresh transaction that read the session as live can still be running.
   */
  @ToInt()
  @IsInt()
  @Min(60)
  @Max(30 * DAY_SECONDS)
  JOBS_SESSION_PURGE_GRACE_SECONDS = 3_600;

  /** Rows deleted per statement, so a purge never holds many locks or one long transaction. */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(100_000)
  JOBS_PURGE_BATCH_SIZE = 1_000;

  /** Audit rows older than this many days are deleted by the housekeeping job; unset keeps them forever. */
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  AUDIT_RETENTION_DAYS?: number;
}

export function jobsConfigFrom(env: Environment) {
  const parsed = validateEnvironment(JobsEnvironment, env);
  return {
    enabled: parsed.JOBS_ENABLED,
    concurrency: parsed.JOBS_CONCURRENCY,
    attempts: parsed.JOBS_ATTEMPTS,
    backoffMs: parsed.JOBS_BACKOFF_MS,
    batchSize: parsed.JOBS_PURGE_BATCH_SIZE,
    sessionPurgeGraceSeconds: parsed.JOBS_SESSION_PURGE_GRACE_SECONDS,
    auditRetentionDays: parsed.AUDIT_RETENTION_DAYS,
    everySeconds: {
      purgeRefreshTokens: parsed.JOBS_PURGE_REFRESH_TOKENS_EVERY_SECONDS,
      purgeAuditLogs: parsed.JOBS_PURGE_AUDIT_LOGS_EVERY_SECONDS,
    },
  };
}

export const jobsConfig = registerAs('jobs', () => jobsConfigFrom(readEnvironment()));
export type JobsConfig = ReturnType<typeof jobsConfigFrom>;
