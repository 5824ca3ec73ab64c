import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { withTimeout } from '../common/with-timeout';
import { jobsConfig, type JobsConfig } from '../config/jobs.config';
import { redisConfig, type RedisConfig } from '../config/redis.config';
import { createRedisConnection, type RedisConnection } from '../redis/redis-connection.factory';
import type { HousekeepingPlan } from './housekeeping-plan';
import { HousekeepingRunner } from './housekeeping-runner';
import { HOUSEKEEPING_QUEUE, isHousekeepingJobName, type JobResult } from './housekeeping-job';
import { observeQueue } from './job-metrics';
import { whenRedisReady } from './when-redis-ready';

/**
 * BullMQ's key prefix: under the application's `REDIS_KEY_PREFIX`, with a hash tag so every key of a queue lands
 * in one Redis Cluster slot (BullMQ's scripts touch several keys at once).
 */
export const jobsKeyPrefix = (redisKeyPrefix: string): string => `${redisKeyPrefix}{jobs}`;

const BOOT_WAIT_MS = 2_000;
const READY_BEFORE_CLOSE_TIMEOUT_MS = 1_000;
/** A graceful stop waits for the running job, which stops after its current batch at shutdown. */
const WORKER_CLOSE_TIMEOUT_MS = 5_000;
const SCHEDULE_RETRY_MAX_MS = 60_000;
const KEEP_COMPLETED = { age: 7 * 86_400, count: 1_000 };
const KEEP_FAILED = { age: 30 * 86_400, count: 1_000 };

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Housekeeping on a BullMQ queue shared by every instance. Job schedulers (`upsertJobScheduler`) create one job
 * per period whose id is derived from the scheduler and the period, so however many instances upsert the same
 * schedule, each period runs once, on whichever worker takes it. BullMQ retries failed attempts with
 * exponential backoff.
 *
 * Queue and worker are created only once their Redis connections are ready, and closed only once BullMQ has
 * finished opening them: BullMQ reports a connection that ends while it is still being opened on an emitter
 * whose listeners `close()` has removed, which crashes the process.
 */
@Injectable()
export class BullmqHousekeeping {
  private readonly logger = new Logger('Housekeeping');
  private readonly stopping = new AbortController();
  private workerConnection?: RedisConnection;
  private queue?: Queue;
  private worker?: Worker;
  private workerRunning = false;
  private stopObservingQueue?: () => void;
  private redisUnavailable = false;

  constructor(
    private readonly runner: HousekeepingRunner,
    @Inject(jobsConfig.KEY) private readonly config: JobsConfig,
    @Inject(redisConfig.KEY) private readonly redis: RedisConfig,
  ) {}

  async start(shared: RedisConnection, plan: HousekeepingPlan): Promise<void> {
    const topology = this.redis.topology;
    if (!topology) throw new Error('BullMQ housekeeping needs a Redis topology');
    // A worker blocks on Redis for seconds at a time and must wait out a Redis restart rather than fail, so it
    // gets its own connection without a command timeout or a retry limit (BullMQ requires `maxRetriesPerRequest: null`).
    this.workerConnection = createRedisConnection(this.redis, topology, {
      maxRetriesPerRequest: null,
      commandTimeout: undefined,
      connectionName: 'housekeeping-worker',
    });
    this.workerConnection.on('error', (error: Error) => this.onRedisError(error));
    this.workerConnection.on('ready', () => this.onRedisReady(plan));
    const started = this.startWhenReady(shared, this.workerConnection, plan).catch((error: unknown) =>
      this.logger.error(`Housekeeping jobs could not start: ${reason(error)}`),
    );
    // Usually ready in milliseconds; with Redis down, housekeeping starts when it answers, without holding up the boot.
    if (shared.status === 'ready') await withTimeout(started, BOOT_WAIT_MS).catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.stopObservingQueue?.();
    if (this.worker && this.workerConnection) await this.closeWorker(this.worker, this.workerConnection);
    if (this.queue && (await this.settles(this.queue.waitUntilReady()))) await this.queue.close().catch(() => undefined);
    this.workerConnection?.disconnect();
  }

  private async startWhenReady(shared: RedisConnection, workerConnection: RedisConnection, plan: HousekeepingPlan): Promise<void> {
    if (!(await whenRedisReady(shared, this.stopping.signal)) || !(await whenRedisReady(workerConnection, this.stopping.signal))) return;
    const prefix = jobsKeyPrefix(this.redis.keyPrefix);

    // Producer commands are short: the shared client and its command timeout suit them.
    this.queue = new Queue(HOUSEKEEPING_QUEUE, { connection: shared, prefix });
    this.queue.on('error', (error) => this.onRedisError(error));
    this.stopObservingQueue = observeQueue(this.queue);

    this.worker = new Worker(HOUSEKEEPING_QUEUE, (job) => this.process(job), {
      connection: workerConnection,
      prefix,
      concurrency: this.config.concurrency,
      autorun: false,
    });
    this.worker.on('error', (error) => this.onRedisError(error));
    if (!(await this.settles(this.worker.waitUntilReady(), Infinity)) || this.stopping.signal.aborted) return;
    // Run only once connected: BullMQ 5 arms its stalled-job check timer after its first check returns, even if
    // `close()` ran meanwhile (taskforcesh/bullmq#2650), which would keep the process alive for 30 s.
    this.workerRunning = true;
    this.worker.run().catch((error: Error) => this.onRedisError(error));

    await this.registerSchedulesUntilDone(this.queue, plan);
  }

  private async closeWorker(worker: Worker, connection: RedisConnection): Promise<void> {
    const opened = await this.settles(worker.waitUntilReady());
    // Redis answers this PING after any stalled-job check sent before it, so that check's timer is armed, and
    // cleared by `close()`, before the worker closes. With Redis unreachable a graceful close never returns
    // (ioredis reports no end for a client disconnected while it waits to reconnect), so it is forced then; the
    // interrupted job is retried once its lock expires.
    const reachable = this.workerRunning && opened && connection.status === 'ready' && (await this.settles(connection.ping()));
    await withTimeout(worker.close(!reachable), WORKER_CLOSE_TIMEOUT_MS).catch((error: unknown) =>
      this.logger.warn(`Housekeeping worker did not stop cleanly: ${reason(error)}`),
    );
  }

  private async process(job: Job): Promise<JobResult> {
    if (!isHousekeepingJobName(job.name)) throw new UnrecoverableError(`Unknown housekeeping job ${job.name}`);
    return this.runner.run(job.name, {
      attempt: job.attemptsMade + 1,
      attempts: job.opts.attempts ?? 1,
      // A scheduler's job is created one period ahead and delayed until its slot; retries keep both values.
      scheduledAt: new Date(job.timestamp + (job.opts.delay ?? 0)),
    });
  }

  private async registerSchedulesUntilDone(queue: Queue, plan: HousekeepingPlan): Promise<void> {
    for (let attempt = 1; !this.stopping.signal.aborted; attempt++) {
      try {
        await this.registerSchedules(queue, plan);
        return;
      } catch (error) {
        if (attempt === 1) this.logger.warn(`Cannot register the housekeeping schedules yet (${reason(error)}); retrying`);
        await sleep(Math.min(1_000 * 2 ** attempt, SCHEDULE_RETRY_MAX_MS), undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
    }
  }

  /** Idempotent: every instance upserts the same schedules at boot; the last one to boot sets the job template. */
  private async registerSchedules(queue: Queue, plan: HousekeepingPlan): Promise<void> {
    const opts = {
      attempts: this.config.attempts,
      backoff: { type: 'exponential', delay: this.config.backoffMs },
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    };
    for (const { job, everyMs } of plan.scheduled) {
      await queue.upsertJobScheduler(job.name, { every: everyMs }, { name: job.name, data: {}, opts });
    }
    for (const name of plan.unscheduled) await queue.removeJobScheduler(name);
  }

  /** Whether `work` succeeds within `timeoutMs`. */
  private settles(work: Promise<unknown>, timeoutMs = READY_BEFORE_CLOSE_TIMEOUT_MS): Promise<boolean> {
    const bounded = Number.isFinite(timeoutMs) ? withTimeout(work, timeoutMs) : work;
    return bounded.then(
      () => true,
      () => false,
    );
  }

  private onRedisError(error: Error): void {
    if (this.stopping.signal.aborted) return;
    if (this.workerConnection?.status === 'ready') {
      this.logger.warn(`Housekeeping queue error: ${error.message}`);
      return;
    }
    // BullMQ and ioredis report every failed reconnect of every connection; one line per outage is enough.
    if (!this.redisUnavailable) this.logger.warn(`Housekeeping jobs cannot reach Redis (${error.message}); they resume when it answers`);
    this.redisUnavailable = true;
  }

  private onRedisReady(plan: HousekeepingPlan): void {
    if (this.redisUnavailable) this.logger.log('Housekeeping jobs reach Redis again');
    this.redisUnavailable = false;
    // A Redis that comes back may have lost its data (restart without persistence, failover): without this the
    // schedules would be gone until the next deployment.
    if (this.queue && !this.stopping.signal.aborted) void this.registerSchedulesUntilDone(this.queue, plan);
  }
}
