import { ConfigValidationError } from '../config/config-validation.error';
import { jobsConfigFrom } from '../config/jobs.config';
import { HousekeepingPlan } from './housekeeping-plan';
import { HousekeepingJobName } from './housekeeping-job';
import type { HousekeepingRepository } from './housekeeping.repository';
import { PurgeAuditLogsJob } from './purge-audit-logs.job';
import { PurgeChangeEventsJob } from './purge-change-events.job';
import { changeFeedConfigFrom } from '../config/change-feed.config';
import { PurgeIdempotencyKeysJob } from './purge-idempotency-keys.job';
import { PurgeRefreshTokensJob } from './purge-refresh-tokens.job';

function planFor(env: Record<string, string>): HousekeepingPlan {
  const config = jobsConfigFrom(env);
  const repository = {} as HousekeepingRepository;
  return new HousekeepingPlan(
    new PurgeRefreshTokensJob(repository, config),
    new PurgeAuditLogsJob(repository, config),
    new PurgeIdempotencyKeysJob(repository, config),
    new PurgeChangeEventsJob(repository, config, changeFeedConfigFrom(env)),
    config,
  );
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    jobsConfigFrom(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
}

const schedule = (plan: HousekeepingPlan) => plan.scheduled.map(({ job, everyMs }) => [job.name, everyMs]);

describe(HousekeepingPlan.name, () => {
  it('purges refresh tokens, expired idempotency keys and old change events hourly and keeps audit rows forever by default', () => {
    const sut = planFor({});
    expect(schedule(sut)).toEqual([
      [HousekeepingJobName.PurgeRefreshTokens, 3_600_000],
      [HousekeepingJobName.PurgeIdempotencyKeys, 3_600_000],
      [HousekeepingJobName.PurgeChangeEvents, 3_600_000],
    ]);
    expect(sut.unscheduled).toEqual([HousekeepingJobName.PurgeAuditLogs]);
  });

  it('purges audit rows daily once AUDIT_RETENTION_DAYS is set, at the configured periods', () => {
    expect(schedule(planFor({ AUDIT_RETENTION_DAYS: '365' }))).toEqual([
      [HousekeepingJobName.PurgeRefreshTokens, 3_600_000],
      [HousekeepingJobName.PurgeIdempotencyKeys, 3_600_000],
      [HousekeepingJobName.PurgeChangeEvents, 3_600_000],
      [HousekeepingJobName.PurgeAuditLogs, 86_400_000],
    ]);
    const sut = planFor({ AUDIT_RETENTION_DAYS: '30', JOBS_PURGE_REFRESH_TOKENS_EVERY_SECONDS: '1', JOBS_PURGE_AUDIT_LOGS_EVERY_SECONDS: '60' });
    expect(schedule(sut)).toEqual([
      [HousekeepingJobName.PurgeRefreshTokens, 1_000],
      [HousekeepingJobName.PurgeIdempotencyKeys, 3_600_000],
      [HousekeepingJobName.PurgeChangeEvents, 3_600_000],
      [HousekeepingJobName.PurgeAuditLogs, 60_000],
    ]);
    expect(sut.unscheduled).toEqual([]);
  });

  it('finds each job by name', () => {
    const sut = planFor({});
    expect(sut.job(HousekeepingJobName.PurgeAuditLogs)).toBeInstanceOf(PurgeAuditLogsJob);
    expect(sut.job(HousekeepingJobName.PurgeRefreshTokens)).toBeInstanceOf(PurgeRefreshTokensJob);
    expect(sut.job(HousekeepingJobName.PurgeIdempotencyKeys)).toBeInstanceOf(PurgeIdempotencyKeysJob);
  });

  it('refuses a bad configuration, naming each variable and never its value', () => {
    const bad = {
      JOBS_ENABLED: 'maybe',
      JOBS_ATTEMPTS: '0',
      JOBS_PURGE_REFRESH_TOKENS_EVERY_SECONDS: 'hourly',
      JOBS_SESSION_PURGE_GRACE_SECONDS: '5',
      AUDIT_RETENTION_DAYS: '0',
    };
    const problems = problemsOf(bad);
    expect(problems.map((line) => line.split(':')[0]).sort()).toEqual(Object.keys(bad).sort());
    expect(problems.join('\n')).not.toMatch(/maybe|hourly/);
  });
});
