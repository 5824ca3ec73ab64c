import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const ENDED_MORE_THAN_GRACE_AGO = `(s.expires_at < now() - make_interval(secs => $1) OR s.revoked_at < now() - make_interval(secs => $1))`;

/**
 * The purges' SQL. Raw queries run on the primary; each statement deletes at most `limit` rows and skips rows
 * another transaction holds (a refresh in flight, an overlapping purge) instead of waiting for them.
 */
@Injectable()
export class HousekeepingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Refresh tokens of sessions that expired or were revoked more than `graceSeconds` ago. */
  deleteTokensOfEndedSessions(graceSeconds: number, limit: number): Promise<number> {
    return this.deleteCount(
      `DELETE FROM refresh_tokens WHERE id IN (
         SELECT t.id FROM sessions s JOIN refresh_tokens t ON t.session_id = s.id
          WHERE ${ENDED_MORE_THAN_GRACE_AGO}
          LIMIT $2 FOR UPDATE OF t SKIP LOCKED)`,
      [graceSeconds, limit],
    );
  }

  /** Sessions that expired or were revoked more than `graceSeconds` ago (their tokens go with them). */
  deleteEndedSessions(graceSeconds: number, limit: number): Promise<number> {
    return this.deleteCount(
      `DELETE FROM sessions WHERE id IN (
         SELECT s.id FROM sessions s WHERE ${ENDED_MORE_THAN_GRACE_AGO}
          LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [graceSeconds, limit],
    );
  }

  /**
   * Never-used tokens of live sessions past their own expiry: they can no longer be spent. Used tokens of live
   * sessions stay, because presenting one again is how a leaked token is detected (RFC 9700 §4.14.2).
   */
  deleteExpiredUnusedTokens(graceSeconds: number, limit: number): Promise<number> {
    return this.deleteCount(
      `DELETE FROM refresh_tokens WHERE id IN (
         SELECT id FROM refresh_tokens WHERE used_at IS NULL AND expires_at < now() - make_interval(secs => $1)
          LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [graceSeconds, limit],
    );
  }

  /** Idempotency-Key records past their lifetime (the request's claim or the response's replay window). */
  deleteExpiredIdempotencyKeys(limit: number): Promise<number> {
    return this.deleteCount(
      `DELETE FROM idempotency_keys WHERE key IN (
         SELECT key FROM idempotency_keys WHERE expires_at < now() LIMIT $1 FOR UPDATE SKIP LOCKED)`,
      [limit],
    );
  }

  /**
   * The newest position the change-event purge may delete, fixed once per run: older than the retention by the
   * database's clock, already dispatched to webhook deliveries, and before every delivery still being attempted.
   */
  async changeEventsPurgeBound(retentionDays: number): Promise<string> {
    const [row] = await this.dataSource.query<Array<{ bound: string }>>(
      `SELECT least(
         coalesce((SELECT max(position) FROM change_events WHERE occurred_at < now() - make_interval(days => $1)), 0),
         (SELECT last_position FROM webhook_dispatch_state),
         (SELECT min(event_position) - 1 FROM webhook_deliveries WHERE status IN ('pending', 'sending'))
       )::text AS bound`,
      [retentionDays],
    );
    return row.bound;
  }

  /**
   * The oldest `limit` events up to `through`, and the feed's purge mark with them in one statement: the purged
   * positions are always a prefix, so a cursor before the mark is known to have missed events (410).
   */
  async purgeChangeEvents(through: string, limit: number): Promise<number> {
    // An UPDATE: TypeORM answers [rows, affected count].
    const [rows] = await this.dataSource.query<[Array<{ deleted: number }>, number]>(
      `WITH deleted AS (
         DELETE FROM change_events WHERE position IN (
           SELECT position FROM change_events WHERE position <= $1 ORDER BY position LIMIT $2)
         RETURNING position)
       UPDATE change_event_sequence SET purged_through = greatest(purged_through, coalesce((SELECT max(position) FROM deleted), 0))
       RETURNING (SELECT count(*) FROM deleted)::int AS deleted`,
      [through, limit],
    );
    return rows[0].deleted;
  }

  /** The retention cutoff by the database's clock, fixed once per run so every batch uses the same one. */
  async auditCutoff(retentionDays: number): Promise<Date> {
    const rows = await this.dataSource.query<Array<{ cutoff: Date }>>(`SELECT now() - make_interval(days => $1) AS cutoff`, [retentionDays]);
    return rows[0].cutoff;
  }

  /** The application's role may not delete audit rows; the SECURITY DEFINER function may, older than a day only. */
  async purgeAuditLogs(cutoff: Date, limit: number): Promise<number> {
    const rows = await this.dataSource.query<Array<{ deleted: number }>>(`SELECT purge_audit_logs($1, $2) AS deleted`, [cutoff, limit]);
    return rows[0].deleted;
  }

  private async deleteCount(sql: string, parameters: unknown[]): Promise<number> {
    const [, deleted] = await this.dataSource.query<[unknown[], number]>(sql, parameters);
    return deleted;
  }
}
