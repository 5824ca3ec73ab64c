import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { RedisConnection } from '../redis/redis-connection.factory';
import { REDIS_CLIENT } from '../redis/redis.constants';
import { BullmqDeliveryQueue } from './bullmq-delivery-queue';
import { DeliveryQueue } from './delivery-queue.service';
import { InProcessDeliveryQueue } from './in-process-delivery-queue';
import { WebhookDeliverer } from './webhook-deliverer';
import { WebhookRelay } from './webhook-relay';

/**
 * Starts deliveries once every module is up (migrations included): attempts on BullMQ when Redis is configured, on
 * in-process timers otherwise; then the relay. Stops both before the database and Redis close.
 */
@Injectable()
export class WebhookRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisConnection | null,
    private readonly queue: DeliveryQueue,
    private readonly bullmq: BullmqDeliveryQueue,
    private readonly inProcess: InProcessDeliveryQueue,
    private readonly deliverer: WebhookDeliverer,
    private readonly relay: WebhookRelay,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const run = (deliveryId: string) => this.deliverer.attempt(deliveryId);
    if (this.redis) {
      this.bullmq.useConnection(this.redis);
      await this.bullmq.start(run);
      this.queue.use(this.bullmq);
    } else {
      await this.inProcess.start(run);
      this.queue.use(this.inProcess);
      this.logger.log('No Redis: webhook attempts wait on timers in this process (single-instance mode)');
    }
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await Promise.all([this.bullmq.stop(), this.inProcess.stop()]);
  }
}
