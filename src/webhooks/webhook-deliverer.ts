import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditTrail } from '../audit/audit-trail';
import { ChangeEventsRepository } from '../changes/change-events.repository';
import { toChangeEventDto } from '../changes/change-feed.service';
import { UnitOfWork } from '../changes/unit-of-work';
import { webhooksConfig, type WebhooksConfig } from '../config/webhooks.config';
import { DeliveryQueue } from './delivery-queue.service';
import { isLastAttempt, retryDelayMs } from './retry-policy';
import { WebhookSender, type WebhookSendResult } from './transport/webhook-sender';
import { webhookHeaders } from './transport/webhook-signature';
import { type AttemptOutcome, type ClaimedDelivery, WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { deliveryAttempts, deliveryLatency, subscriptionsDisabled } from './webhook-metrics';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';

/** Beyond the attempt's own timeout, before another instance may take over a delivery left `sending`. */
const LOCK_MARGIN_MS = 5_000;
/** A queue timer may fire this much before the time the database holds. */
const EARLY_TOLERANCE_MS = 500;

/**
 * Makes one attempt of one delivery: claims it, sends the event exactly as the change feed shows it, and records
 * the outcome, scheduling the next attempt or ending the delivery.
 */
@Injectable()
export class WebhookDeliverer {
  private readonly logger = new Logger('Webhooks');
  private readonly sender = new WebhookSender();

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly events: ChangeEventsRepository,
    private readonly queue: DeliveryQueue,
    private readonly audit: AuditTrail,
    @Inject(webhooksConfig.KEY) private readonly config: WebhooksConfig,
  ) {}

  async attempt(deliveryId: string): Promise<void> {
    const lockMs = this.config.timeoutMs + LOCK_MARGIN_MS;
    const claim = await this.unitOfWork.run((manager) => this.deliveries.claim(manager, deliveryId, lockMs, EARLY_TOLERANCE_MS));
    // Not due, already taken, or waiting behind an earlier delivery of its resource, which queues it when it ends.
    if (!claim) return;
    const result = await this.send(claim);
    deliveryLatency.observe(result.latencyMs / 1_000);
    const outcome: AttemptOutcome = { statusCode: result.statusCode ?? null, latencyMs: result.latencyMs, error: result.error ?? null };
    if (result.outcome === 'delivered') await this.delivered(claim, outcome);
    else if (isLastAttempt(claim.attempts, this.policy)) await this.failed(claim, outcome);
    else await this.retry(claim, outcome, retryDelayMs(claim.attempts, this.policy, result.retryAfterSeconds));
  }

  private get policy() {
    return { baseMs: this.config.retryBaseMs, maxAttempts: this.config.maxAttempts };
  }

  private async send(claim: ClaimedDelivery): Promise<WebhookSendResult> {
    const event = await this.events.at(claim.eventPosition);
    if (!event) return { outcome: 'failed', latencyMs: 0, error: 'event no longer available' };
    // Serialised once: the signature covers exactly the bytes sent.
    const body = JSON.stringify(toChangeEventDto(event));
    const headers = webhookHeaders({ id: claim.eventId, timestamp: Math.floor(Date.now() / 1_000), body }, claim.secrets);
    return this.sender.send({
      url: claim.url,
      headers,
      body,
      timeoutMs: this.config.timeoutMs,
      maxResponseBytes: this.config.maxResponseBytes,
      allowPrivate: this.config.allowPrivateTargets,
    });
  }

  private async delivered(claim: ClaimedDelivery, outcome: AttemptOutcome): Promise<void> {
    const recorded = await this.unitOfWork.run(async (manager) => {
      if (!(await this.deliveries.recordDelivered(manager, claim, outcome))) return false;
      await this.subscriptions.resetFailures(manager, claim.subscriptionId);
      return true;
    });
    if (!recorded) return;
    deliveryAttempts.inc({ outcome: 'delivered' });
    await this.queueNextInLine(claim);
  }

  private async retry(claim: ClaimedDelivery, outcome: AttemptOutcome, delayMs: number): Promise<void> {
    if (!(await this.unitOfWork.run((manager) => this.deliveries.recordRetry(manager, claim, outcome, delayMs)))) return;
    deliveryAttempts.inc({ outcome: 'retry' });
    await this.queue.enqueue([{ deliveryId: claim.id, attempt: claim.attempts + 1, delayMs }]);
  }

  private async failed(claim: ClaimedDelivery, outcome: AttemptOutcome): Promise<void> {
    const threshold = this.config.disableAfterFailures;
    const reason = `${threshold} deliveries in a row failed after ${this.config.maxAttempts} attempts each (last: ${outcome.error ?? 'unknown error'})`;
    const result = await this.unitOfWork.run(async (manager) => {
      if (!(await this.deliveries.recordFailed(manager, claim, outcome))) return { recorded: false, disabled: false };
      return { recorded: true, disabled: await this.subscriptions.countFinalFailure(manager, claim.subscriptionId, threshold, reason) };
    });
    if (!result.recorded) return;
    deliveryAttempts.inc({ outcome: 'failed' });
    if (result.disabled) {
      subscriptionsDisabled.inc();
      this.logger.warn({ event: 'webhook.disabled', subscriptionId: claim.subscriptionId, reason });
      await this.audit.securityEvent({ action: 'webhook.disabled', resourceType: 'webhook', resourceId: claim.subscriptionId, outcome: 'success' });
      return;
    }
    await this.queueNextInLine(claim);
  }

  /** The resource's next delivery was refused while this one was unfinished: its turn is now. */
  private async queueNextInLine(claim: ClaimedDelivery): Promise<void> {
    const next = await this.deliveries.nextInLine(claim.subscriptionId, claim.resourceId);
    if (next) await this.queue.enqueue([{ deliveryId: next.id, attempt: next.attempts + 1 }]);
  }
}
