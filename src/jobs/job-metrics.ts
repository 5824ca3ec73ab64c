import type { Queue } from 'bullmq';
import { withTimeout } from '../common/with-timeout';
import { counter, gauge } from '../metrics/metric-registry';

export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;

/** A scrape must not wait on a slow or unreachable Redis. */
const JOB_COUNTS_TIMEOUT_MS = 500;

export const jobsCompleted = counter({
  name: 'jobs_completed_total',
  help: 'Background job attempts that succeeded, by queue and job',
  labelNames: ['queue', 'job_name'],
});

export const jobsFailed = counter({
  name: 'jobs_failed_total',
  help: 'Background job attempts that failed (every failed retry counts), by queue and job',
  labelNames: ['queue', 'job_name'],
});

const observedQueues = new Set<Queue>();

/** Reports the queue's job counts at every scrape until the returned function is called. */
export function observeQueue(queue: Queue): () => void {
  observedQueues.add(queue);
  return () => observedQueues.delete(queue);
}

gauge({
  name: 'jobs_queue_jobs',
  help: 'Jobs in each queue by state, read from Redis at scrape time',
  labelNames: ['queue', 'state'],
  async collect() {
    this.reset();
    await Promise.all(
      [...observedQueues].map(async (queue) => {
        // On a timeout the queue has no series in this scrape: an absent series alerts, a stale one looks healthy.
        const counts = await withTimeout(queue.getJobCounts(...QUEUE_STATES), JOB_COUNTS_TIMEOUT_MS).catch(() => undefined);
        if (!counts) return;
        for (const state of QUEUE_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
      }),
    );
  },
});
