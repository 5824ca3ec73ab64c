import { Injectable, Logger } from '@nestjs/common';
import { ChangeSignal } from '../changes/change-signal';
import { UnitOfWork } from '../changes/unit-of-work';
import { DeliveryQueue } from './delivery-queue.service';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDispatchRepository } from './webhook-dispatch.repository';
import { outboxLag, retryQueueDepth } from './webhook-metrics';

const DISPATCH_EVERY_MS = 250;
const SWEEP_EVERY_MS = 5_000;
const EVENTS_PER_BATCH = 500;
const SWEEP_LIMIT = 1_000;

/**
 * The outbox relay, on every instance: every 250 ms it turns new change events into deliveries (one instance at a
 * time, see WebhookDispatchRepository) and queues them; every 5 s it queues again whatever is claimable but has no
 * job (lost with Redis, or its process was killed mid-attempt). Delivery is therefore at least once.
 */
@Injectable()
export class WebhookRelay {
  private readonly logger = new Logger('Webhooks');
  private timers: NodeJS.Timeout[] = [];
  private dispatching?: Promise<void>;
  private sweeping?: Promise<void>;
  private stopped = false;
  private stopListening?: () => void;
  private passAgain = false;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dispatch: WebhookDispatchRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly queue: DeliveryQueue,
    private readonly signal: ChangeSignal,
  ) {}

  start(): void {
    this.timers = [setInterval(() => this.onDispatchTick(), DISPATCH_EVERY_MS), setInterval(() => this.onSweepTick(), SWEEP_EVERY_MS)];
    for (const timer of this.timers) timer.unref();
    // A commit in this process is dispatched at once; other instances' commits at the next tick.
    this.stopListening = this.signal.onCommitted(() => this.onDispatchTick());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopListening?.();
    for (const timer of this.timers) clearInterval(timer);
    await Promise.allSettled([this.dispatching, this.sweeping]);
  }

  /** A tick during a pass runs one more pass after it: the running one may have read the position before a commit. */
  private onDispatchTick(): void {
    if (this.dispatching) {
      this.passAgain = true;
      return;
    }
    this.dispatching = this.dispatchPass().finally(() => {
      this.dispatching = undefined;
      if (!this.passAgain || this.stopped) return;
      this.passAgain = false;
      this.onDispatchTick();
    });
  }

  private onSweepTick(): void {
    this.sweeping ??= this.sweepPass().finally(() => (this.sweeping = undefined));
  }

  private async dispatchPass(): Promise<void> {
    try {
      for (let more = true; more && !this.stopped;) {
        const progress = await this.dispatch.progress();
        outboxLag.set(progress.lagSeconds);
        if (!progress.behind) return;
        const batch = await this.unitOfWork.run((manager) => this.dispatch.dispatchBatch(manager, EVENTS_PER_BATCH));
        // Another instance is relaying; it queues what it creates.
        if (!batch) return;
        await this.queue.enqueue(batch.created.map((deliveryId) => ({ deliveryId, attempt: 1 })));
        more = batch.more;
      }
    } catch (error) {
      if (!this.stopped) this.logger.warn({ event: 'webhook.dispatch_failed', err: error });
    }
  }

  private async sweepPass(): Promise<void> {
    try {
      const due = await this.deliveries.claimable(SWEEP_LIMIT);
      await this.queue.enqueue(due.map(({ id, attempts }) => ({ deliveryId: id, attempt: attempts + 1 })));
      retryQueueDepth.set(await this.deliveries.retryDepth());
    } catch (error) {
      if (!this.stopped) this.logger.warn({ event: 'webhook.sweep_failed', err: error });
    }
  }
}
