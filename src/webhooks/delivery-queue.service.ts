import { Injectable } from '@nestjs/common';
import type { DeliveryJob, DeliveryQueueBackend } from './delivery-queue';

/** The queue the rest of the module talks to; its backend is chosen at boot from the Redis configuration. */
@Injectable()
export class DeliveryQueue {
  private backend?: DeliveryQueueBackend;

  use(backend: DeliveryQueueBackend): void {
    this.backend = backend;
  }

  /** Before the backend starts, and after it stops, jobs are dropped: the sweeper queues them when they are due. */
  async enqueue(jobs: readonly DeliveryJob[]): Promise<void> {
    await this.backend?.enqueue(jobs);
  }

  async runNow(job: DeliveryJob): Promise<void> {
    await this.backend?.runNow({ ...job, delayMs: 0 });
  }
}
