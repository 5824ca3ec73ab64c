import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import type { UserPrincipal } from '../auth/authenticated-user';
import { Auth } from '../auth/decorators/auth.decorator';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { CanonicalUuidPipe } from '../common/canonical-id';
import { ProblemDetails } from '../common/problem/problem-details';
import { Role } from '../users/role';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { UpdateWebhookDto } from './dto/update-webhook.dto';
import { ListWebhookDeliveriesQueryDto, WebhookDeliveryDto, WebhookDeliveryPageDto } from './dto/webhook-delivery.dto';
import { WebhookDto, WebhookListDto, WebhookWithSecretDto } from './dto/webhook.dto';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhooksService } from './webhooks.service';

const uuid = new CanonicalUuidPipe();

/** Staff only. Creation is not `@Idempotent()`: a replayed answer would have to be stored with the secret in it. */
@ApiTags('webhooks')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid input, or a URL deliveries may not reach' })
@Controller('webhooks')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  /**
   * Subscribes a URL to change events.
   *
   * @remarks The answer holds the signing secret (`secret`) this once. Every delivery is signed with it following
   * Standard Webhooks. The URL must be HTTPS and resolve to public addresses only.
   */
  @Post()
  @Auth({ roles: [Role.Admin] })
  @Audited('webhook.create')
  @ApiCreatedResponse({ type: WebhookWithSecretDto })
  create(@CurrentUser() caller: UserPrincipal, @Body() dto: CreateWebhookDto): Promise<WebhookWithSecretDto> {
    return this.webhooks.create(caller, dto);
  }

  /**
   * Lists webhook subscriptions.
   *
   * @remarks Newest first. Never shows a secret.
   */
  @Get()
  @Auth({ roles: [Role.Admin] })
  @ApiOkResponse({ type: WebhookListDto })
  list(): Promise<WebhookListDto> {
    return this.webhooks.list();
  }

  /** Gets one webhook subscription (never its secret). */
  @Get(':id')
  @Auth({ roles: [Role.Admin] })
  @ApiOkResponse({ type: WebhookDto })
  @ApiNotFoundResponse({ type: ProblemDetails })
  get(@Param('id', uuid) id: string): Promise<WebhookDto> {
    return this.webhooks.get(id);
  }

  /**
   * Changes a webhook subscription.
   *
   * @remarks Enabling a disabled subscription clears its failure count; deliveries still pending resume.
   */
  @Patch(':id')
  @Auth({ roles: [Role.Admin] })
  @Audited('webhook.update')
  @ApiOkResponse({ type: WebhookDto })
  @ApiNotFoundResponse({ type: ProblemDetails })
  update(@Param('id', uuid) id: string, @Body() dto: UpdateWebhookDto): Promise<WebhookDto> {
    return this.webhooks.update(id, dto);
  }

  /**
   * Deletes a webhook subscription.
   *
   * @remarks Its deliveries are deleted with it; none is attempted again.
   */
  @Delete(':id')
  @Auth({ roles: [Role.Admin] })
  @Audited('webhook.delete')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDetails })
  delete(@Param('id', uuid) id: string): Promise<void> {
    return this.webhooks.delete(id);
  }

  /**
   * Replaces the signing secret.
   *
   * @remarks The answer holds the new secret this once. The previous secret keeps signing for 24 hours: meanwhile
   * every delivery carries two signatures, one per secret.
   */
  @Post(':id/rotate-secret')
  @Auth({ roles: [Role.Admin] })
  @Audited('webhook.rotate_secret')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: WebhookWithSecretDto })
  @ApiNotFoundResponse({ type: ProblemDetails })
  rotateSecret(@CurrentUser() caller: UserPrincipal, @Param('id', uuid) id: string): Promise<WebhookWithSecretDto> {
    return this.webhooks.rotateSecret(caller, id);
  }

  /**
   * Lists the deliveries of a webhook subscription.
   *
   * @remarks Newest event first, with the latest attempt's status code, latency and error.
   */
  @Get(':id/deliveries')
  @Auth({ roles: [Role.Admin] })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiNotFoundResponse({ type: ProblemDetails })
  listDeliveries(@Param('id', uuid) id: string, @Query() query: ListWebhookDeliveriesQueryDto): Promise<WebhookDeliveryPageDto> {
    return this.deliveries.list(id, query);
  }

  /**
   * Attempts a delivery again, now.
   *
   * @remarks The attempt carries the same `webhook-id` as the earlier ones. A delivery behind an unfinished earlier
   * delivery of the same resource still waits for it.
   */
  @Post(':id/deliveries/:deliveryId/resend')
  @Auth({ roles: [Role.Admin] })
  @Audited('webhook.resend')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiNotFoundResponse({ type: ProblemDetails })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The subscription is disabled' })
  resend(@Param('id', uuid) id: string, @Param('deliveryId', uuid) deliveryId: string): Promise<WebhookDeliveryDto> {
    return this.deliveries.resend(id, deliveryId);
  }
}
