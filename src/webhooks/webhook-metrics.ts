import { counter, gauge, histogram } from '../metrics/metric-registry';

export const deliveryAttempts = counter({
  name: 'webhook_deliveries_total',
  help: 'Webhook delivery attempts by outcome: delivered, retry (failed, another attempt is scheduled), failed (for good)',
  labelNames: ['outcome'],
});

export const deliveryLatency = histogram({
  name: 'webhook_delivery_duration_seconds',
  help: 'Time from the start of a webhook attempt to the receiver’s status (or the failure)',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
});

export const retryQueueDepth = gauge({
  name: 'webhook_retry_queue_depth',
  help: 'Webhook deliveries waiting for a retry (pending after at least one failed attempt)',
});

export const outboxLag = gauge({
  name: 'outbox_lag_seconds',
  help: 'Age of the oldest change event no webhook delivery was created for yet; 0 when the relay is caught up',
});

export const subscriptionsDisabled = counter({
  name: 'webhook_subscriptions_disabled_total',
  help: 'Webhook subscriptions disabled after too many deliveries in a row failed for good',
});
