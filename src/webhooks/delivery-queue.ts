/** One attempt of one delivery. */
export interface DeliveryJob {
  deliveryId: string;
  /** The attempt this job makes, 1 for the first: with the delivery, the job's identity. */
  attempt: number;
  delayMs?: number;
}

export type AttemptRunner = (deliveryId: string) => Promise<void>;

/**
 * Where attempts wait for their time: BullMQ in Redis, or timers in this process. Either may lose a job (Redis
 * restarted, process killed); the database stays the truth and the sweeper queues again whatever is due. A job
 * already waiting is not queued twice.
 */
export interface DeliveryQueueBackend {
  start(run: AttemptRunner): Promise<void>;
  enqueue(jobs: readonly DeliveryJob[]): Promise<void>;
  /** Like `enqueue`, but a job already waiting out its delay runs now. */
  runNow(job: DeliveryJob): Promise<void>;
  stop(): Promise<void>;
}

/** BullMQ forbids ':' in job ids. */
export const deliveryJobId = ({ deliveryId, attempt }: DeliveryJob): string => `${deliveryId}-${attempt}`;
