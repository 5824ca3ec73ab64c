import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface DispatchProgress {
  /** Whether change events remain that no delivery was created for yet. */
  behind: boolean;
  /** Age of the oldest such event, 0 when there is none. */
  lagSeconds: number;
}

export interface DispatchedBatch {
  /** The new deliveries in event order, each due for its first attempt. */
  created: string[];
  /** More events were waiting beyond this batch. */
  more: boolean;
}

@Injectable()
export class WebhookDispatchRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One cheap read per pass, without a lock: most passes find nothing to do. */
  async progress(): Promise<DispatchProgress> {
    // Scalar subqueries, not a join of the two single-row tables: without statistics the planner takes a join of them
    // for millions of rows and JIT-compiles it, 70 ms a pass.
    const [row] = await this.dataSource.query<Array<{ behind: boolean; lagSeconds: number | null }>>(
      `WITH positions AS (
         SELECT (SELECT last_position FROM webhook_dispatch_state) AS dispatched, (SELECT last_position FROM change_event_sequence) AS newest)
       SELECT dispatched < newest AS behind,
              (SELECT extract(epoch FROM clock_timestamp() - e.occurred_at)::float8 FROM change_events e WHERE e.position = dispatched + 1) AS "lagSeconds"
         FROM positions`,
    );
    return { behind: row.behind, lagSeconds: Math.max(0, row.lagSeconds ?? 0) };
  }

  /**
   * In the caller's transaction: creates the deliveries of the next `limit` events for every enabled subscription
   * they match and advances the relay's position past them. Null when another instance holds the position (SKIP
   * LOCKED: one relay at a time, the others do not wait). Positions are gap-free in commit order, so nothing committed
   * later can appear behind the position.
   */
  async dispatchBatch(manager: EntityManager, limit: number): Promise<DispatchedBatch | null> {
    const [state] = await manager.query<Array<{ last: string }>>(`SELECT last_position::text AS last FROM webhook_dispatch_state FOR UPDATE SKIP LOCKED`);
    if (!state) return null;
    const [row] = await manager.query<Array<{ through: string | null; created: string[]; more: boolean }>>(
      `WITH batch AS (
         SELECT position, id, type, resource_id, occurred_at FROM change_events WHERE position > $1 ORDER BY position LIMIT $2
       ), created AS (
         INSERT INTO webhook_deliveries (subscription_id, event_position, event_id, event_type, resource_id)
         SELECT s.id, b.position, b.id, b.type, b.resource_id
           FROM batch b
           -- A subscription hears of the changes made after it was created, not of older ones still being relayed.
           JOIN webhook_subscriptions s ON s.enabled AND s.created_at <= b.occurred_at
                                       AND (cardinality(s.event_types) = 0 OR b.type = ANY (s.event_types))
          ORDER BY b.position
         ON CONFLICT (subscription_id, event_position) DO NOTHING
         RETURNING id, event_position
       )
       SELECT (SELECT max(position)::text FROM batch) AS through,
              coalesce((SELECT array_agg(id ORDER BY event_position) FROM created), '{}') AS created,
              (SELECT count(*) FROM batch) = $2 AS more`,
      [state.last, limit],
    );
    if (row.through !== null) await manager.query(`UPDATE webhook_dispatch_state SET last_position = $1`, [row.through]);
    return { created: row.created, more: row.more };
  }
}
