import { Inject, Injectable, Logger } from '@nestjs/common';
import type { UserPrincipal } from '../auth/authenticated-user';
import { UnitOfWork } from '../changes/unit-of-work';
import { ErrorCode } from '../common/problem/error-code';
import { ProblemException } from '../common/problem/problem.exception';
import { webhooksConfig, type WebhooksConfig } from '../config/webhooks.config';
import type { CreateWebhookDto } from './dto/create-webhook.dto';
import type { UpdateWebhookDto } from './dto/update-webhook.dto';
import { WebhookDto, type WebhookListDto, WebhookWithSecretDto } from './dto/webhook.dto';
import { checkTargetUrl, TargetUrlRefused } from './transport/target-url';
import { generateWebhookSecret } from './transport/webhook-secret';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';

/** How long the previous secret keeps signing after a rotation: receivers have a day to switch. */
const ROTATION_GRACE_SECONDS = 86_400;

export const webhookNotFound = (id: string) => new ProblemException(404, ErrorCode.NotFound, { detail: `No webhook subscription has the id ${id}` });

/**
 * Subscriptions are staff configuration: each write is one audited transaction, whose recorded values never hold a
 * secret (the DTOs have none). A secret is shown once, in the answer that created it.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly subscriptions: WebhookSubscriptionsRepository,
    @Inject(webhooksConfig.KEY) private readonly config: WebhooksConfig,
  ) {}

  async create(caller: UserPrincipal, dto: CreateWebhookDto): Promise<WebhookWithSecretDto> {
    await this.assertDeliverable(dto.url);
    const secret = generateWebhookSecret();
    const created = await this.unitOfWork.run(async (manager, changes) => {
      const row = await this.subscriptions.insert(manager, {
        url: dto.url,
        eventTypes: dto.eventTypes ?? [],
        description: dto.description ?? null,
        enabled: dto.enabled ?? true,
        secret,
      });
      const subscription = WebhookDto.from(row);
      changes.record(subscription.id, undefined, subscription);
      return subscription;
    });
    this.logger.log({ event: 'webhook.created', actorId: caller.id, subscriptionId: created.id });
    return { ...created, secret };
  }

  async list(): Promise<WebhookListDto> {
    return { data: (await this.subscriptions.list()).map(WebhookDto.from) };
  }

  async get(id: string): Promise<WebhookDto> {
    const row = await this.subscriptions.findById(id);
    if (!row) throw webhookNotFound(id);
    return WebhookDto.from(row);
  }

  async update(id: string, dto: UpdateWebhookDto): Promise<WebhookDto> {
    if (dto.url !== undefined) await this.assertDeliverable(dto.url);
    return this.unitOfWork.run(async (manager, changes) => {
      const before = await this.subscriptions.lockById(manager, id);
      if (!before) throw webhookNotFound(id);
      const after = WebhookDto.from(await this.subscriptions.update(manager, id, dto));
      changes.record(id, WebhookDto.from(before), after);
      return after;
    });
  }

  async delete(id: string): Promise<void> {
    await this.unitOfWork.run(async (manager, changes) => {
      const before = await this.subscriptions.lockById(manager, id);
      if (!before) throw webhookNotFound(id);
      await this.subscriptions.delete(manager, id);
      changes.record(id, WebhookDto.from(before), undefined);
    });
  }

  /** Both secrets sign every delivery until the previous one expires, so receivers can switch without a gap. */
  async rotateSecret(caller: UserPrincipal, id: string): Promise<WebhookWithSecretDto> {
    const secret = generateWebhookSecret();
    const rotated = await this.unitOfWork.run(async (manager, changes) => {
      const before = await this.subscriptions.lockById(manager, id);
      if (!before) throw webhookNotFound(id);
      const after = WebhookDto.from(await this.subscriptions.rotateSecret(manager, id, secret, ROTATION_GRACE_SECONDS));
      changes.record(id, WebhookDto.from(before), after);
      return after;
    });
    this.logger.log({ event: 'webhook.secret_rotated', actorId: caller.id, subscriptionId: id });
    return { ...rotated, secret };
  }

  /**
   * Refuses a URL deliveries could not (or must not) reach, before it is saved; resolving the name is the only
   * network use. Deliveries check it again, since what a name resolves to can change.
   */
  private async assertDeliverable(url: string): Promise<void> {
    try {
      await checkTargetUrl(url, { allowPrivate: this.config.allowPrivateTargets });
    } catch (error) {
      if (!(error instanceof TargetUrlRefused)) throw error;
      throw new ProblemException(400, ErrorCode.WebhookTargetRefused, {
        detail: `url: ${error.message}`,
        extensions: { errors: [{ field: 'url', message: error.message }] },
      });
    }
  }
}
