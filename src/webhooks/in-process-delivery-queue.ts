import { Injectable, Logger } from '@nestjs/common';
import { type AttemptRunner, type DeliveryJob, deliveryJobId, type DeliveryQueueBackend } from './delivery-queue';

/**
 * Delivery attempts on timers in this process, without Redis: the service is single-instance then (development
 * mode). A restart loses the timers, not the deliveries: the sweeper finds them due in the database.
 */
@Injectable()
export class InProcessDeliveryQueue implements DeliveryQueueBackend {
  private readonly logger = new Logger('Webhooks');
  private readonly waiting = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private readonly runningIds = new Set<string>();
  private run?: AttemptRunner;
  private stopped = false;

  async start(run: AttemptRunner): Promise<void> {
    this.run = run;
  }

  async enqueue(jobs: readonly DeliveryJob[]): Promise<void> {
    for (const job of jobs) {
      const id = deliveryJobId(job);
      if (this.stopped || !this.run || this.waiting.has(id)) continue;
      const timer = setTimeout(() => this.fire(id, job.deliveryId), job.delayMs ?? 0);
      timer.unref();
      this.waiting.set(id, timer);
    }
  }

  async runNow(job: DeliveryJob): Promise<void> {
    const id = deliveryJobId(job);
    const timer = this.waiting.get(id);
    // Cleared timers only: a job already running keeps its entry until it ends.
    if (timer && !this.runningIds.has(id)) {
      clearTimeout(timer);
      this.waiting.delete(id);
    }
    await this.enqueue([job]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
    await Promise.allSettled(this.running);
  }

  private fire(id: string, deliveryId: string): void {
    this.runningIds.add(id);
    const attempt = this.run!(deliveryId)
      .catch((error: unknown) => this.logger.error({ event: 'webhook.attempt_failed', deliveryId, err: error }))
      .finally(() => {
        this.running.delete(attempt);
        this.runningIds.delete(id);
        this.waiting.delete(id);
      });
    this.running.add(attempt);
  }
}
