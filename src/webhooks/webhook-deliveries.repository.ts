import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { onPrimary } from '../database/on-primary';

export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed';

export interface WebhookDeliveryRow {
  id: string;
  subscriptionId: string;
  eventPosition: string;
  eventId: string;
  eventType: string;
  resourceId: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

/** What an attempt needs once it holds the delivery: where to, as which event, signed with which secrets. */
export interface ClaimedDelivery {
  id: string;
  subscriptionId: string;
  resourceId: string;
  eventPosition: string;
  eventId: string;
  /** This attempt's number, the first being 1. */
  attempts: number;
  url: string;
  secrets: string[];
}

/** A delivery to hand to the queue: its next attempt is `attempts + 1`. */
export interface DueDelivery {
  id: string;
  attempts: number;
}

export interface AttemptOutcome {
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

const COLUMNS = `id, subscription_id AS "subscriptionId", event_position::text AS "eventPosition", event_id AS "eventId",
  event_type AS "eventType", resource_id AS "resourceId", status, attempts,
  CASE WHEN status = 'pending' THEN next_attempt_at END AS "nextAttemptAt", last_status_code AS "lastStatusCode",
  last_latency_ms AS "lastLatencyMs", last_error AS "lastError", created_at AS "createdAt", delivered_at AS "deliveredAt"`;

/** The per-resource order: an earlier delivery of the same resource to the same subscription is still unfinished. */
const EARLIER_UNFINISHED = `EXISTS (SELECT 1 FROM webhook_deliveries e
   WHERE e.subscription_id = d.subscription_id AND e.resource_id = d.resource_id
     AND e.event_position < d.event_position AND e.status IN ('pending', 'sending'))`;

/** Due now, or abandoned by an attempt whose process died (its lock ran out). */
const CLAIMABLE = `((d.status = 'pending' AND d.next_attempt_at <= now() + $2 * interval '1 millisecond')
   OR (d.status = 'sending' AND d.locked_until < now()))`;

@Injectable()
export class WebhookDeliveriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes the delivery for one attempt, atomically: only if it is due (or abandoned), its subscription is enabled, and
   * no earlier delivery of the same resource to that subscription is unfinished. Of concurrent claims one wins; the
   * others see the row already `sending` under a live lock. `earlyMs` tolerates a timer firing a little early.
   */
  async claim(manager: EntityManager, id: string, lockMs: number, earlyMs: number): Promise<ClaimedDelivery | null> {
    const [rows] = await manager.query<[ClaimedDelivery[], number]>(
      `UPDATE webhook_deliveries d
          SET status = 'sending', attempts = d.attempts + 1, locked_until = now() + $3 * interval '1 millisecond'
         FROM webhook_subscriptions s
        WHERE d.id = $1 AND s.id = d.subscription_id AND s.enabled AND ${CLAIMABLE} AND NOT ${EARLIER_UNFINISHED}
        RETURNING d.id, d.subscription_id AS "subscriptionId", d.resource_id AS "resourceId", d.event_position::text AS "eventPosition",
                  d.event_id AS "eventId", d.attempts, s.url,
                  CASE WHEN s.previous_secret IS NOT NULL AND s.previous_secret_expires_at > now()
                       THEN ARRAY[s.secret, s.previous_secret] ELSE ARRAY[s.secret] END AS secrets`,
      [id, earlyMs, lockMs],
    );
    return rows[0] ?? null;
  }

  /** Each `record*` applies only to the attempt that claimed the row: a late one whose lock was taken over changes nothing. */
  async recordDelivered(manager: EntityManager, claim: ClaimedDelivery, outcome: AttemptOutcome): Promise<boolean> {
    return this.record(manager, claim, outcome, `status = 'delivered', delivered_at = now()`, []);
  }

  async recordRetry(manager: EntityManager, claim: ClaimedDelivery, outcome: AttemptOutcome, delayMs: number): Promise<boolean> {
    return this.record(manager, claim, outcome, `status = 'pending', next_attempt_at = now() + $6 * interval '1 millisecond'`, [delayMs]);
  }

  async recordFailed(manager: EntityManager, claim: ClaimedDelivery, outcome: AttemptOutcome): Promise<boolean> {
    return this.record(manager, claim, outcome, `status = 'failed'`, []);
  }

  private async record(manager: EntityManager, claim: ClaimedDelivery, outcome: AttemptOutcome, set: string, extra: unknown[]): Promise<boolean> {
    const [, count] = await manager.query<[unknown[], number]>(
      `UPDATE webhook_deliveries
          SET ${set}, locked_until = NULL, last_status_code = $3, last_latency_ms = $4, last_error = $5
        WHERE id = $1 AND status = 'sending' AND attempts = $2`,
      [claim.id, claim.attempts, outcome.statusCode, outcome.latencyMs, outcome.error, ...extra],
    );
    return count === 1;
  }

  /** The next delivery of this resource to this subscription, once the one before it is finished. */
  async nextInLine(subscriptionId: string, resourceId: string): Promise<DueDelivery | null> {
    const rows = await this.dataSource.query<DueDelivery[]>(
      `SELECT id, attempts FROM webhook_deliveries
        WHERE subscription_id = $1 AND resource_id = $2 AND status = 'pending' AND next_attempt_at <= now()
        ORDER BY event_position LIMIT 1`,
      [subscriptionId, resourceId],
    );
    return rows[0] ?? null;
  }

  /** Deliveries that could be claimed now, oldest first: those whose queued attempt was lost, or whose process died. */
  async claimable(limit: number): Promise<DueDelivery[]> {
    return this.dataSource.query<DueDelivery[]>(
      `SELECT d.id, d.attempts FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.enabled
        WHERE ${CLAIMABLE.replace('$2', '0')} AND NOT ${EARLIER_UNFINISHED}
        ORDER BY d.event_position LIMIT $1`,
      [limit],
    );
  }

  /** Deliveries waiting for a retry. */
  async retryDepth(): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ depth: number }>>(
      `SELECT count(*)::int AS depth FROM webhook_deliveries WHERE status = 'pending' AND attempts > 0`,
    );
    return row.depth;
  }

  /** Newest event first; `before` is the event position the previous page ended at. */
  list(subscriptionId: string, filter: { before?: string; status?: DeliveryStatus; limit: number }): Promise<WebhookDeliveryRow[]> {
    return onPrimary(this.dataSource, (primary) =>
      primary.query<WebhookDeliveryRow[]>(
        `SELECT ${COLUMNS} FROM webhook_deliveries
          WHERE subscription_id = $1 AND ($2::bigint IS NULL OR event_position < $2::bigint) AND ($3::text IS NULL OR status = $3)
          ORDER BY event_position DESC LIMIT $4`,
        [subscriptionId, filter.before ?? null, filter.status ?? null, filter.limit],
      ),
    );
  }

  async lockById(manager: EntityManager, subscriptionId: string, id: string): Promise<WebhookDeliveryRow | null> {
    const rows = await manager.query<WebhookDeliveryRow[]>(`SELECT ${COLUMNS} FROM webhook_deliveries WHERE id = $1 AND subscription_id = $2 FOR UPDATE`, [
      id,
      subscriptionId,
    ]);
    return rows[0] ?? null;
  }

  /**
   * Due again now. A delivery being sent is left to its attempt. Its attempts count on: a resent delivery that fails
   * for good after its earlier attempts fails after this one.
   */
  async requeue(manager: EntityManager, id: string): Promise<WebhookDeliveryRow> {
    const [[row]] = await manager.query<[WebhookDeliveryRow[], number]>(
      `UPDATE webhook_deliveries SET status = CASE WHEN status = 'sending' THEN status ELSE 'pending' END, next_attempt_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return row;
  }
}
