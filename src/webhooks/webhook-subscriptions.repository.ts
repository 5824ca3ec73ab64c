import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { onPrimary } from '../database/on-primary';

/** A subscription as staff see it: the secrets stay in the database. */
export interface WebhookSubscriptionRow {
  id: string;
  url: string;
  eventTypes: string[];
  description: string | null;
  enabled: boolean;
  consecutiveFailures: number;
  disabledReason: string | null;
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface WebhookSubscriptionChanges {
  url?: string;
  eventTypes?: string[];
  description?: string | null;
  enabled?: boolean;
}

const COLUMNS = `id, url, event_types AS "eventTypes", description, enabled, consecutive_failures AS "consecutiveFailures",
  disabled_reason AS "disabledReason", previous_secret_expires_at AS "previousSecretExpiresAt", created_at AS "createdAt",
  updated_at AS "updatedAt", version`;
/** More than any back office lists on one screen; the list is not paginated. */
const LIST_LIMIT = 500;

@Injectable()
export class WebhookSubscriptionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    manager: EntityManager,
    values: { url: string; eventTypes: string[]; description: string | null; enabled: boolean; secret: string },
  ): Promise<WebhookSubscriptionRow> {
    const [row] = await manager.query<WebhookSubscriptionRow[]>(
      `INSERT INTO webhook_subscriptions (url, event_types, description, enabled, secret) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [values.url, values.eventTypes, values.description, values.enabled, values.secret],
    );
    return row;
  }

  /** On the primary: staff expect to see the subscription they just changed. */
  findById(id: string): Promise<WebhookSubscriptionRow | null> {
    return onPrimary(this.dataSource, (primary) =>
      primary.query<WebhookSubscriptionRow[]>(`SELECT ${COLUMNS} FROM webhook_subscriptions WHERE id = $1`, [id]).then((rows) => rows[0] ?? null),
    );
  }

  list(): Promise<WebhookSubscriptionRow[]> {
    return onPrimary(this.dataSource, (primary) =>
      primary.query<WebhookSubscriptionRow[]>(`SELECT ${COLUMNS} FROM webhook_subscriptions ORDER BY created_at DESC, id DESC LIMIT $1`, [LIST_LIMIT]),
    );
  }

  /** Locks the row for the rest of the caller's transaction, so concurrent changes are recorded one after the other. */
  async lockById(manager: EntityManager, id: string): Promise<WebhookSubscriptionRow | null> {
    const rows = await manager.query<WebhookSubscriptionRow[]>(`SELECT ${COLUMNS} FROM webhook_subscriptions WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  /** Enabling clears the failure count and the reason it was disabled: the subscriber says the endpoint is fixed. */
  async update(manager: EntityManager, id: string, changes: WebhookSubscriptionChanges): Promise<WebhookSubscriptionRow> {
    const [[row]] = await manager.query<[WebhookSubscriptionRow[], number]>(
      `UPDATE webhook_subscriptions
          SET url = coalesce($2, url),
              event_types = coalesce($3, event_types),
              description = CASE WHEN $4::boolean THEN $5 ELSE description END,
              consecutive_failures = CASE WHEN $6::boolean AND NOT enabled THEN 0 ELSE consecutive_failures END,
              disabled_reason = CASE WHEN $6::boolean THEN NULL ELSE disabled_reason END,
              enabled = coalesce($6, enabled),
              updated_at = now(), version = version + 1
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, changes.url ?? null, changes.eventTypes ?? null, changes.description !== undefined, changes.description ?? null, changes.enabled ?? null],
    );
    return row;
  }

  /** The new secret signs from now on; the old one keeps signing too until `graceSeconds` have passed. */
  async rotateSecret(manager: EntityManager, id: string, secret: string, graceSeconds: number): Promise<WebhookSubscriptionRow> {
    const [[row]] = await manager.query<[WebhookSubscriptionRow[], number]>(
      `UPDATE webhook_subscriptions
          SET previous_secret = secret, secret = $2, previous_secret_expires_at = now() + make_interval(secs => $3),
              updated_at = now(), version = version + 1
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, secret, graceSeconds],
    );
    return row;
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM webhook_subscriptions WHERE id = $1`, [id]);
  }

  async resetFailures(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE webhook_subscriptions SET consecutive_failures = 0 WHERE id = $1 AND consecutive_failures <> 0`, [id]);
  }

  /**
   * Counts a delivery that failed for good and disables the subscription when the count reaches `threshold`; true
   * only for the call that disabled it, so the event is reported once.
   */
  async countFinalFailure(manager: EntityManager, id: string, threshold: number, reason: string): Promise<boolean> {
    const [before] = await manager.query<Array<{ enabled: boolean }>>(`SELECT enabled FROM webhook_subscriptions WHERE id = $1 FOR UPDATE`, [id]);
    if (!before) return false;
    const [[after]] = await manager.query<[Array<{ enabled: boolean }>, number]>(
      `UPDATE webhook_subscriptions
          SET consecutive_failures = consecutive_failures + 1,
              enabled = enabled AND consecutive_failures + 1 < $2,
              disabled_reason = CASE WHEN enabled AND consecutive_failures + 1 >= $2 THEN $3 ELSE disabled_reason END,
              updated_at = CASE WHEN enabled AND consecutive_failures + 1 >= $2 THEN now() ELSE updated_at END,
              version = CASE WHEN enabled AND consecutive_failures + 1 >= $2 THEN version + 1 ELSE version END
        WHERE id = $1 RETURNING enabled`,
      [id, threshold, reason],
    );
    return before.enabled && !after.enabled;
  }
}
