import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { jobsKeyPrefix } from '../../src/jobs/bullmq-housekeeping';
import { HousekeepingRunner } from '../../src/jobs/housekeeping-runner';
import { HOUSEKEEPING_QUEUE, HousekeepingJobName } from '../../src/jobs/housekeeping-job';
import { bootApp } from '../harness/app';
import { waitFor } from '../harness/free-port';
import { isolatedDatabaseEnv } from '../harness/isolated-database';

/** The housekeeping queue as an operator sees it, through its own connection. */
function inspectQueue(redisKeyPrefix: string): { queue: Queue; close: () => Promise<void> } {
  const connection = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
  const queue = new Queue(HOUSEKEEPING_QUEUE, { connection, prefix: jobsKeyPrefix(redisKeyPrefix) });
  return {
    queue,
    close: async () => {
      await queue.close();
      await connection.quit();
    },
  };
}

describe('Housekeeping across instances (BullMQ)', () => {
  const running = new Set<NestFastifyApplication>();
  let env: Record<string, string>;

  beforeAll(async () => {
    env = { ...(await isolatedDatabaseEnv()), REDIS_KEY_PREFIX: `jobs-${randomUUID()}:`, JOBS_PURGE_REFRESH_TOKENS_EVERY_SECONDS: '1' };
  });

  const boot = async (extra: Record<string, string> = {}) => {
    const app = await bootApp({ env: { ...env, ...extra } });
    running.add(app);
    return app;
  };
  const close = async (app: NestFastifyApplication) => {
    running.delete(app);
    await app.close();
  };

  afterAll(async () => {
    await Promise.all([...running].map(close));
  });

  it('runs each period once in total, however many instances compete for it', async () => {
    const instances = [await boot(), await boot()];
    const { queue, close: closeQueue } = inspectQueue(env.REDIS_KEY_PREFIX);
    try {
      await waitFor(async () => (await queue.getWorkersCount()) === 2, { what: 'a worker on each instance' });
    } finally {
      await closeQueue();
    }

    // The slot of every run (first attempts: a retry belongs to its run), whichever instance took it.
    const slots: number[] = [];
    for (const app of instances) {
      const runner = app.get(HousekeepingRunner);
      const run = runner.run.bind(runner);
      jest.spyOn(runner, 'run').mockImplementation((name, execution) => {
        if (name === HousekeepingJobName.PurgeRefreshTokens && execution.attempt === 1) slots.push(execution.scheduledAt.getTime());
        return run(name, execution);
      });
    }
    // Six periods of one second, whichever instance ran them.
    await waitFor(async () => slots.length >= 6, { what: 'six periods', timeoutMs: 30_000 });
    await Promise.all(instances.map(close));

    slots.sort((a, b) => a - b);
    expect(new Set(slots).size).toBe(slots.length);
    for (const slot of slots) expect((slot - slots[0]) % 1_000).toBe(0);
    const periods = (slots[slots.length - 1] - slots[0]) / 1_000 + 1;
    expect(periods).toBeGreaterThanOrEqual(4);
    // A period can only be skipped (a run picked up more than a period late), never doubled.
    expect(slots.length).toBeLessThanOrEqual(periods);
    expect(slots.length).toBeGreaterThanOrEqual(periods - 1);
  });

  it('schedules the audit purge only while AUDIT_RETENTION_DAYS is set', async () => {
    const { queue, close: closeQueue } = inspectQueue(env.REDIS_KEY_PREFIX);
    const schedules = async () =>
      Object.fromEntries((await queue.getJobSchedulers()).map((scheduler) => [scheduler.key, scheduler.every])) as Record<string, number | undefined>;
    try {
      await close(await boot({ AUDIT_RETENTION_DAYS: '30', JOBS_PURGE_AUDIT_LOGS_EVERY_SECONDS: '86400' }));
      expect(await schedules()).toEqual({
        [HousekeepingJobName.PurgeRefreshTokens]: 1_000,
        [HousekeepingJobName.PurgeIdempotencyKeys]: 3_600_000,
        [HousekeepingJobName.PurgeChangeEvents]: 3_600_000,
        [HousekeepingJobName.PurgeAuditLogs]: 86_400_000,
      });

      await close(await boot());
      expect(await schedules()).toEqual({
        [HousekeepingJobName.PurgeRefreshTokens]: 1_000,
        [HousekeepingJobName.PurgeIdempotencyKeys]: 3_600_000,
        [HousekeepingJobName.PurgeChangeEvents]: 3_600_000,
      });
    } finally {
      await closeQueue();
    }
  });

  it('leaves scheduling and processing to other instances when JOBS_ENABLED is false', async () => {
    const prefix = `jobs-${randomUUID()}:`;
    const { queue, close: closeQueue } = inspectQueue(prefix);
    try {
      await boot({ REDIS_KEY_PREFIX: prefix, JOBS_ENABLED: 'false' });
      expect(await queue.getJobSchedulers()).toEqual([]);
      expect(await queue.getWorkersCount()).toBe(0);
    } finally {
      await closeQueue();
    }
  });
});
