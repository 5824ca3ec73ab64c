import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ChangeEventType } from './change-event-types';

/** A change to announce, as the unit of work hands it over inside the write's transaction. */
export interface NewChangeEvent {
  type: ChangeEventType;
  resourceType: string;
  resourceId: string;
  resourceVersion: number | null;
  actorId: string | null;
  actorRole: string | null;
  data: object;
}

export interface ChangeEventRow extends NewChangeEvent {
  position: string;
  id: string;
  occurredAt: string;
}

/** The feed's bounds in one snapshot: the newest committed position and the newest one purged. */
export interface FeedBounds {
  lastPosition: string;
  purgedThrough: string;
}

const EVENT_COLUMNS = `position::text AS position, id, type, resource_type AS "resourceType", resource_id AS "resourceId",
  resource_version AS "resourceVersion", actor_id AS "actorId", actor_role AS "actorRole",
  to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt", data`;

@Injectable()
export class ChangeEventsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends `events` in the caller's transaction. Must be its last statement: the sequence row stays locked until
   * commit, which is what keeps positions gap-free and in commit order (see the CreateChangeEvents migration).
   */
  async append(manager: EntityManager, events: NewChangeEvent[]): Promise<void> {
    const [[{ last }]] = await manager.query<[[{ last: string }], number]>(
      `UPDATE change_event_sequence SET last_position = last_position + $1 RETURNING last_position::text AS last`,
      [events.length],
    );
    const first = BigInt(last) - BigInt(events.length) + 1n;
    await manager.query(
      `INSERT INTO change_events (position, type, resource_type, resource_id, resource_version, actor_id, actor_role, data)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::uuid[], $5::int[], $6::uuid[], $7::text[], $8::jsonb[])`,
      [
        events.map((_, index) => String(first + BigInt(index))),
        events.map((event) => event.type),
        events.map((event) => event.resourceType),
        events.map((event) => event.resourceId),
        events.map((event) => event.resourceVersion),
        events.map((event) => event.actorId),
        events.map((event) => event.actorRole),
        events.map((event) => JSON.stringify(event.data)),
      ],
    );
  }

  /**
   * Events after `after` (of `types`, all when undefined), oldest first, with the feed's bounds, in one snapshot
   * on the primary (a replica may be behind what a consumer was already given).
   */
  async page(after: bigint, types: readonly string[] | undefined, limit: number): Promise<{ bounds: FeedBounds; events: ChangeEventRow[] }> {
    const [row] = await this.dataSource.query<Array<{ bounds: FeedBounds; events: ChangeEventRow[] }>>(
      `SELECT (SELECT json_build_object('lastPosition', last_position::text, 'purgedThrough', purged_through::text) FROM change_event_sequence) AS bounds,
              coalesce((SELECT json_agg(page ORDER BY page.position::bigint) FROM (
                 SELECT ${EVENT_COLUMNS} FROM change_events e
                  WHERE e.position > $1 AND ($2::text[] IS NULL OR e.type = ANY($2))
                  -- e.position, the bigint: the bare name would be the text column of the select list.
                  ORDER BY e.position LIMIT $3) AS page), '[]'::json) AS events`,
      [String(after), types ?? null, limit],
    );
    return row;
  }

  /** The event at `position`, on the primary; undefined once purged. */
  async at(position: string): Promise<ChangeEventRow | undefined> {
    const rows = await this.dataSource.query<ChangeEventRow[]>(`SELECT ${EVENT_COLUMNS} FROM change_events WHERE position = $1`, [position]);
    return rows[0];
  }

  async bounds(): Promise<FeedBounds> {
    const [row] = await this.dataSource.query<FeedBounds[]>(
      `SELECT last_position::text AS "lastPosition", purged_through::text AS "purgedThrough" FROM change_event_sequence`,
    );
    return row;
  }
}
