import { setTimeout as sleep } from 'node:timers/promises';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { HousekeepingRunner } from '../../src/jobs/housekeeping-runner';
import { HousekeepingJobName, type JobExecution } from '../../src/jobs/housekeeping-job';
import { PurgeRefreshTokensJob } from '../../src/jobs/purge-refresh-tokens.job';
import { REDIS_CLIENT } from '../../src/redis/redis.constants';
import { bootApp } from '../harness/app';
import { waitFor } from '../harness/free-port';
import { isolatedDatabaseEnv } from '../harness/isolated-database';

describe('Housekeeping without Redis (single instance)', () => {
  let app: NestFastifyApplication | undefined;
  const executions: Array<JobExecution & { at: number }> = [];

  beforeAll(async () => {
    app = await bootApp({
      env: { ...(await isolatedDatabaseEnv()), REDIS_URL: '', JOBS_PURGE_REFRESH_TOKENS_EVERY_SECONDS: '1', JOBS_ATTEMPTS: '2', JOBS_BACKOFF_MS: '100' },
    });
    const runner = app.get(HousekeepingRunner);
    const run = runner.run.bind(runner);
    jest.spyOn(runner, 'run').mockImplementation((name, execution) => {
      if (name === HousekeepingJobName.PurgeRefreshTokens) executions.push({ ...execution, at: Date.now() });
      return run(name, execution);
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('runs the same job handlers on an in-process schedule, once per period', async () => {
    expect(app!.get(REDIS_CLIENT)).toBeNull();
    expect(app!.get(SchedulerRegistry).getIntervals()).toEqual([
      `housekeeping:${HousekeepingJobName.PurgeRefreshTokens}`,
      `housekeeping:${HousekeepingJobName.PurgeIdempotencyKeys}`,
      `housekeeping:${HousekeepingJobName.PurgeChangeEvents}`,
    ]);
    const purge = jest.spyOn(app!.get(PurgeRefreshTokensJob), 'run');
    const from = executions.length;

    await waitFor(async () => executions.length >= from + 3, { what: 'three periods', timeoutMs: 10_000 });
    const periods = executions.slice(from, from + 3);
    expect(periods.map(({ attempt }) => attempt)).toEqual([1, 1, 1]);
    expect(new Set(periods.map(({ scheduledAt }) => scheduledAt.getTime())).size).toBe(3);
    for (let index = 1; index < periods.length; index++) expect(periods[index].at - periods[index - 1].at).toBeGreaterThanOrEqual(900);
    expect(purge).toHaveBeenCalledTimes(executions.length - from);
  });

  it('retries a failed run after the backoff', async () => {
    jest.spyOn(app!.get(PurgeRefreshTokensJob), 'run').mockRejectedValueOnce(new Error('connection reset'));
    const from = executions.length;

    const [failed, retried] = await waitFor(async () => executions.length >= from + 2 && executions.slice(from, from + 2), { what: 'a retry' });
    expect([failed.attempt, retried.attempt]).toEqual([1, 2]);
    expect(retried.scheduledAt).toEqual(failed.scheduledAt);
    expect(retried.at - failed.at).toBeGreaterThanOrEqual(100);
  });

  it('stops its timers when the application closes', async () => {
    const registry = app!.get(SchedulerRegistry);
    await app!.close();
    app = undefined;
    const after = executions.length;
    await sleep(1_500);
    expect(executions.length).toBe(after);
    expect(registry.getIntervals()).toEqual([]);
  });
});
