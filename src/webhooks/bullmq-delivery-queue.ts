import { Inject, Injectable, Logger } from '@nestjs/common';
import { Queue, Worker, type Job } from 'bullmq';
import { withTimeout } from '../common/with-timeout';
import { redisConfig, type RedisConfig } from '../config/redis.config';
import { jobsKeyPrefix } from '../jobs/bullmq-housekeeping';
import { observeQueue } from '../jobs/job-metrics';
import { whenRedisReady } from '../jobs/when-redis-ready';
import { createRedisConnection, type RedisConnection } from '../redis/redis-connection.factory';
import { type AttemptRunner, type DeliveryJob, deliveryJobId, type DeliveryQueueBackend } from './delivery-queue';

export const WEBHOOK_DELIVERIES_QUEUE = 'webhook-deliveries';

/** Attempts one instance makes at the same time; each mostly waits on the network. */
const CONCURRENCY = 8;
const BOOT_WAIT_MS = 2_000;
const READY_BEFORE_CLOSE_TIMEOUT_MS = 1_000;
/** A graceful stop waits for running attempts, each bounded by WEBHOOK_TIMEOUT_MS. */
const WORKER_CLOSE_TIMEOUT_MS = 35_000;
/**
 * Finished jobs are removed at once: a job id is the delivery and attempt, and a kept job would stop the sweeper from
 * queuing that attempt again after its claim was refused (an earlier delivery of the resource still unfinished).
 */
const JOB_OPTIONS = { removeOnComplete: true, removeOnFail: true, attempts: 1 };

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Delivery attempts on a BullMQ queue shared by every instance. A job is one attempt of one delivery (job id
 * `<delivery>-<attempt>`), delayed for its backoff; BullMQ's own retries are off, since the attempt records its
 * outcome and schedules the next one itself. Connections follow the housekeeping queue's rules (see
 * BullmqHousekeeping): a worker connection of its own without retry limit, created and closed only once ready.
 */
@Injectable()
export class BullmqDeliveryQueue implements DeliveryQueueBackend {
  private readonly logger = new Logger('Webhooks');
  private readonly stopping = new AbortController();
  private shared?: RedisConnection;
  private workerConnection?: RedisConnection;
  private queue?: Queue;
  private worker?: Worker;
  private workerRunning = false;
  private stopObservingQueue?: () => void;
  private redisUnavailable = false;

  constructor(@Inject(redisConfig.KEY) private readonly redis: RedisConfig) {}

  /** Set before `start`: the shared client the queue's short producer commands use. */
  useConnection(shared: RedisConnection): void {
    this.shared = shared;
  }

  async start(run: AttemptRunner): Promise<void> {
    const topology = this.redis.topology;
    if (!topology || !this.shared) throw new Error('BullMQ deliveries need a Redis topology and connection');
    const shared = this.shared;
    this.workerConnection = createRedisConnection(this.redis, topology, {
      maxRetriesPerRequest: null,
      commandTimeout: undefined,
      connectionName: 'webhook-worker',
    });
    this.workerConnection.on('error', (error: Error) => this.onRedisError(error));
    this.workerConnection.on('ready', () => this.onRedisReady());
    const started = this.startWhenReady(shared, this.workerConnection, run).catch((error: unknown) =>
      this.logger.error(`Webhook deliveries could not start: ${reason(error)}`),
    );
    if (shared.status === 'ready') await withTimeout(started, BOOT_WAIT_MS).catch(() => undefined);
  }

  /** A job that cannot be queued is not lost: the sweeper queues it again once it is due. */
  async enqueue(jobs: readonly DeliveryJob[]): Promise<void> {
    if (!this.queue || !jobs.length || this.stopping.signal.aborted) return;
    await this.queue
      .addBulk(
        jobs.map((job) => ({ name: 'deliver', data: { deliveryId: job.deliveryId }, opts: { ...JOB_OPTIONS, jobId: deliveryJobId(job), delay: job.delayMs } })),
      )
      .catch((error: unknown) => this.logger.warn(`Cannot queue webhook deliveries (${reason(error)}); the sweeper retries them`));
  }

  async runNow(job: DeliveryJob): Promise<void> {
    const waiting = await this.queue?.getJob(deliveryJobId(job)).catch(() => undefined);
    if (waiting && (await waiting.isDelayed().catch(() => false))) {
      await waiting.promote().catch(() => undefined);
      return;
    }
    await this.enqueue([job]);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.stopObservingQueue?.();
    if (this.worker && this.workerConnection) await this.closeWorker(this.worker, this.workerConnection);
    if (this.queue && (await this.settles(this.queue.waitUntilReady()))) await this.queue.close().catch(() => undefined);
    this.workerConnection?.disconnect();
  }

  private async startWhenReady(shared: RedisConnection, workerConnection: RedisConnection, run: AttemptRunner): Promise<void> {
    if (!(await whenRedisReady(shared, this.stopping.signal)) || !(await whenRedisReady(workerConnection, this.stopping.signal))) return;
    const prefix = jobsKeyPrefix(this.redis.keyPrefix);
    this.queue = new Queue(WEBHOOK_DELIVERIES_QUEUE, { connection: shared, prefix });
    this.queue.on('error', (error) => this.onRedisError(error));
    this.stopObservingQueue = observeQueue(this.queue);

    this.worker = new Worker(WEBHOOK_DELIVERIES_QUEUE, (job: Job<{ deliveryId: string }>) => run(job.data.deliveryId), {
      connection: workerConnection,
      prefix,
      concurrency: CONCURRENCY,
      autorun: false,
    });
    this.worker.on('error', (error) => this.onRedisError(error));
    if (!(await this.settles(this.worker.waitUntilReady(), Infinity)) || this.stopping.signal.aborted) return;
    // Run only once connected (taskforcesh/bullmq#2650, see BullmqHousekeeping).
    this.workerRunning = true;
    this.worker.run().catch((error: Error) => this.onRedisError(error));
  }

  private async closeWorker(worker: Worker, connection: RedisConnection): Promise<void> {
    const opened = await this.settles(worker.waitUntilReady());
    const reachable = this.workerRunning && opened && connection.status === 'ready' && (await this.settles(connection.ping()));
    await withTimeout(worker.close(!reachable), WORKER_CLOSE_TIMEOUT_MS).catch((error: unknown) =>
      this.logger.warn(`Webhook worker did not stop cleanly: ${reason(error)}`),
    );
  }

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
      this.logger.warn(`Webhook queue error: ${error.message}`);
      return;
    }
    if (!this.redisUnavailable) this.logger.warn(`Webhook deliveries cannot reach Redis (${error.message}); the sweeper resumes them when it answers`);
    this.redisUnavailable = true;
  }

  private onRedisReady(): void {
    if (this.redisUnavailable) this.logger.log('Webhook deliveries reach Redis again');
    this.redisUnavailable = false;
  }
}
