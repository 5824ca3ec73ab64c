import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { HousekeepingRunner } from '../../src/jobs/housekeeping-runner';
import { bootApp } from '../harness/app';
import { waitFor } from '../harness/free-port';
import { isolatedDatabaseEnv } from '../harness/isolated-database';
import { RedisServer } from '../harness/redis-server';

describe('Housekeeping through a Redis outage', () => {
  let redis: RedisServer;
  let app: NestFastifyApplication | undefined;
  let runs = 0;

  beforeAll(async () => {
    redis = await RedisServer.start();
    app = await bootApp({
      env: { ...(await isolatedDatabaseEnv()), REDIS_URL: redis.url, REDIS_KEY_PREFIX: `jobs-${randomUUID()}:`, JOBS_PURGE_REFRESH_TOKENS_EVERY_SECONDS: '1' },
    });
    const runner = app.get(HousekeepingRunner);
    const run = runner.run.bind(runner);
    jest.spyOn(runner, 'run').mockImplementation((name, execution) => {
      runs++;
      return run(name, execution);
    });
  });

  afterAll(async () => {
    await app?.close();
    await redis.stop();
  });

  /** Stops Redis and waits until the housekeeping workers have noticed (one warning per outage). */
  async function stopRedisAndWaitForWarning(): Promise<void> {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const noticed = () => warn.mock.calls.some(([message]) => /Housekeeping jobs cannot reach Redis/.test(String(message)));
    try {
      await redis.stop();
      await waitFor(async () => noticed(), { what: 'the housekeeping workers to notice the outage' });
    } finally {
      warn.mockRestore();
    }
  }

  it('registers its schedules again when Redis comes back without its data, and runs on', async () => {
    await waitFor(async () => runs >= 1, { what: 'a first run' });
    const clients = await redis.clients();
    await stopRedisAndWaitForWarning();
    const beforeRestart = runs;
    // No persistence: the restarted Redis has no schedules and no jobs.
    await redis.startProcess();
    await redis.waitForClients(clients);
    await waitFor(async () => runs >= beforeRestart + 2, { what: 'runs after the restart', timeoutMs: 15_000 });
  });

  it('shuts down promptly while Redis is unreachable', async () => {
    await stopRedisAndWaitForWarning();
    const started = Date.now();
    await app!.close();
    app = undefined;
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
