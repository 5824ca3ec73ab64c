import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { register } from 'prom-client';
import { HousekeepingRunner } from '../../src/jobs/housekeeping-runner';
import { HousekeepingJobName, type JobExecution } from '../../src/jobs/housekeeping-job';
import { PurgeRefreshTokensJob } from '../../src/jobs/purge-refresh-tokens.job';
import { bootApp } from '../harness/app';
import { waitFor } from '../harness/free-port';
import { isolatedDatabaseEnv } from '../harness/isolated-database';

const JOB = HousekeepingJobName.PurgeRefreshTokens;

/** The value of one series in Prometheus text format, 0 when absent. */
function sample(metrics: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = metrics.split('\n').find((candidate) => candidate.startsWith(`${name}{`) && wanted.every((label) => candidate.includes(label)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('Housekeeping failures (BullMQ)', () => {
  let app: NestFastifyApplication | undefined;

  beforeAll(async () => {
    app = await bootApp({
      env: {
        ...(await isolatedDatabaseEnv()),
        REDIS_KEY_PREFIX: `jobs-${randomUUID()}:`,
        JOBS_PURGE_REFRESH_TOKENS_EVERY_SECONDS: '2',
        JOBS_ATTEMPTS: '3',
        JOBS_BACKOFF_MS: '200',
      },
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  const scrape = async () => (await app!.inject({ method: 'GET', url: '/metrics' })).body;

  it('retries a failing run with exponential backoff, then logs, counts and keeps it as failed', async () => {
    const failedBefore = sample(await scrape(), 'jobs_failed_total', { queue: 'housekeeping', job_name: JOB });
    // No await between these two: every attempt recorded from here on fails, and none fails before.
    jest.spyOn(app!.get(PurgeRefreshTokensJob), 'run').mockRejectedValue(new Error('relation "sessions" is locked'));
    const attempts: Array<JobExecution & { at: number }> = [];
    const runner = app!.get(HousekeepingRunner);
    const run = runner.run.bind(runner);
    jest.spyOn(runner, 'run').mockImplementation((name, execution) => {
      if (name === JOB) attempts.push({ ...execution, at: Date.now() });
      return run(name, execution);
    });
    const warnings = jest.spyOn(Logger.prototype, 'warn');
    const errors = jest.spyOn(Logger.prototype, 'error');

    const firstRun = await waitFor(
      async () => {
        const last = attempts.find(({ attempt }) => attempt === 3);
        return last && attempts.filter(({ scheduledAt }) => scheduledAt.getTime() === last.scheduledAt.getTime());
      },
      { what: 'a run to use all its attempts', timeoutMs: 20_000 },
    );
    expect(firstRun.map(({ attempt, attempts: of }) => [attempt, of])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(firstRun[1].at - firstRun[0].at).toBeGreaterThanOrEqual(200);
    expect(firstRun[2].at - firstRun[1].at).toBeGreaterThanOrEqual(400);

    const metrics = await waitFor(async () => {
      const text = await scrape();
      return sample(text, 'jobs_queue_jobs', { queue: 'housekeeping', state: 'failed' }) >= 1 && text;
    });
    expect(sample(metrics, 'jobs_failed_total', { queue: 'housekeeping', job_name: JOB }) - failedBefore).toBeGreaterThanOrEqual(3);
    for (const state of ['waiting', 'active', 'delayed', 'completed'])
      expect(metrics).toMatch(new RegExp(`^jobs_queue_jobs\\{queue="housekeeping",state="${state}"\\} \\d+$`, 'm'));

    const failure = (attempt: number, willRetry: boolean) =>
      expect.objectContaining({ event: 'job.failed', queue: 'housekeeping', job: JOB, attempt, attempts: 3, willRetry, err: expect.any(Error) });
    expect(warnings).toHaveBeenCalledWith(failure(1, true), expect.any(String));
    expect(warnings).toHaveBeenCalledWith(failure(2, true), expect.any(String));
    expect(errors).toHaveBeenCalledWith(failure(3, false), expect.any(String));

    await app!.close();
    app = undefined;
    const failedAfter = sample((await register.getSingleMetricAsString('jobs_failed_total')) ?? '', 'jobs_failed_total', {
      queue: 'housekeeping',
      job_name: JOB,
    });
    expect(failedAfter - failedBefore).toBe(attempts.length);
  });
});
