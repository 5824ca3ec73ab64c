import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../changes/unit-of-work';
import { ErrorCode } from '../common/problem/error-code';
import { ProblemException } from '../common/problem/problem.exception';
import { DeliveryQueue } from './delivery-queue.service';
import { type ListWebhookDeliveriesQueryDto, WebhookDeliveryDto, type WebhookDeliveryPageDto } from './dto/webhook-delivery.dto';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';
import { webhookNotFound } from './webhooks.service';

/** The delivery log of a subscription, and resending one of its deliveries. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly queue: DeliveryQueue,
  ) {}

  async list(subscriptionId: string, query: ListWebhookDeliveriesQueryDto): Promise<WebhookDeliveryPageDto> {
    if (!(await this.subscriptions.findById(subscriptionId))) throw webhookNotFound(subscriptionId);
    const rows = await this.deliveries.list(subscriptionId, { before: query.cursor, status: query.status, limit: query.limit + 1 });
    const shown = rows.slice(0, query.limit);
    const hasMore = rows.length > query.limit;
    return {
      data: shown.map(WebhookDeliveryDto.from),
      page: { limit: query.limit, hasMore, nextCursor: hasMore ? shown.at(-1)!.eventPosition : null },
    };
  }

  /**
   * Makes another attempt now, with the same `webhook-id`: receivers that already have the event recognise it. The
   * per-resource order still holds: a delivery behind an unfinished earlier one waits for it.
   */
  async resend(subscriptionId: string, deliveryId: string): Promise<WebhookDeliveryDto> {
    const resent = await this.unitOfWork.run(async (manager, changes) => {
      const subscription = await this.subscriptions.lockById(manager, subscriptionId);
      if (!subscription) throw webhookNotFound(subscriptionId);
      if (!subscription.enabled) {
        throw new ProblemException(409, ErrorCode.WebhookDisabled, { detail: 'The subscription is disabled: enable it (PATCH enabled: true) to resend' });
      }
      const before = await this.deliveries.lockById(manager, subscriptionId, deliveryId);
      if (!before) throw new ProblemException(404, ErrorCode.NotFound, { detail: `No delivery of this subscription has the id ${deliveryId}` });
      const after = WebhookDeliveryDto.from(await this.deliveries.requeue(manager, deliveryId));
      changes.record(subscriptionId, { delivery: WebhookDeliveryDto.from(before) }, { delivery: after });
      return after;
    });
    if (resent.status === 'pending') await this.queue.runNow({ deliveryId, attempt: resent.attempts + 1 });
    return resent;
  }
}
