import { Module } from '@nestjs/common';
import { BullmqDeliveryQueue } from './bullmq-delivery-queue';
import { DeliveryQueue } from './delivery-queue.service';
import { InProcessDeliveryQueue } from './in-process-delivery-queue';
import { WebhookDeliverer } from './webhook-deliverer';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookDispatchRepository } from './webhook-dispatch.repository';
import { WebhookRelay } from './webhook-relay';
import { WebhookRuntime } from './webhook-runtime';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/**
 * Webhooks: staff manage subscriptions; the relay turns committed change events into deliveries, and attempts
 * run on BullMQ (or in-process timers without Redis), signed per Standard Webhooks, retried with backoff.
 */
@Module({
  controllers: [WebhooksController],
  providers: [
    WebhookSubscriptionsRepository,
    WebhookDeliveriesRepository,
    WebhookDispatchRepository,
    WebhooksService,
    WebhookDeliveriesService,
    DeliveryQueue,
    BullmqDeliveryQueue,
    InProcessDeliveryQueue,
    WebhookDeliverer,
    WebhookRelay,
    WebhookRuntime,
  ],
})
export class WebhooksModule {}
