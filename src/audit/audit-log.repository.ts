import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { onPrimary } from '../database/on-primary';

export type AuditOutcome = 'success' | 'failure';

export interface AuditRecord {
  actorId?: string;
  actorRole?: string;
  action: string;
  resourceType: string;
  resourceId?: string;
  oldValues?: Record<string, unknown> | null;
  newValues?: Record<string, unknown> | null;
  ip?: string;
  userAgent?: string;
  requestId?: string;
  outcome: AuditOutcome;
  errorCode?: string;
}

export interface AuditLogRow extends Required<Omit<AuditRecord, 'oldValues' | 'newValues'>> {
  id: string;
  oldValues: Record<string, unknown> | null;
  newValues: Record<string, unknown> | null;
  createdAt: Date;
  repeatCount: number;
  repeatUntil: Date | null;
  /** `created_at` in full (microseconds) for the next cursor: a JavaScript Date would drop them. */
  position: string;
}

export interface AuditLogFilter {
  actorId?: string;
  resourceType?: string;
  resourceId?: string;
  action?: string;
  outcome?: AuditOutcome;
  from?: Date;
  to?: Date;
  after?: { createdAt: string; id: string };
  limit: number;
}

const COLUMNS = `id::text AS id, actor_id AS "actorId", actor_role AS "actorRole", action, resource_type AS "resourceType",
  resource_id AS "resourceId", old_values AS "oldValues", new_values AS "newValues", host(ip) AS ip, user_agent AS "userAgent",
  request_id AS "requestId", outcome, error_code AS "errorCode", created_at AS "createdAt", repeat_count AS "repeatCount",
  repeat_until AS "repeatUntil", created_at::text AS "position"`;

const INSERT = `INSERT INTO audit_logs (actor_id, actor_role, action, resource_type, resource_id, old_values, new_values, ip, user_agent, request_id, outcome, error_code`;

/**
 * The conflict target of a repeatable event: exactly the expressions and predicate of `audit_logs_repeat_idx`
 * (migration 1795900000000-CountRepeatedAuditEvents), or PostgreSQL finds no index to infer it from.
 */
const REPEAT_IDENTITY = `(coalesce(actor_id, '00000000-0000-0000-0000-000000000000'::uuid), action, resource_type, coalesce(resource_id, ''),
  outcome, coalesce(error_code, ''), repeat_until) WHERE repeat_until IS NOT NULL`;

/**
 * Append and read only: the app's role may not update or delete audit rows, except to count one more repeat of
 * a repeatable event while its window is open (see the migrations).
 */
@Injectable()
export class AuditLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, record: AuditRecord): Promise<void> {
    await manager.query(`${INSERT}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, AuditLogRepository.values(record));
  }

  /**
   * One row per identical event and fixed window of `windowSeconds` (aligned on the database clock, the same for
   * every instance): the first event of a window inserts it, each later one adds one to its `repeat_count`, in one
   * atomic statement. The row keeps the client and request id of the first event.
   */
  async insertOrCountRepeat(manager: EntityManager, record: AuditRecord, windowSeconds: number): Promise<void> {
    await manager.query(
      `${INSERT}, repeat_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, to_timestamp(((floor(extract(epoch FROM now()) / $13::integer) + 1) * $13::integer)::double precision))
       ON CONFLICT ${REPEAT_IDENTITY}
       DO UPDATE SET repeat_count = audit_logs.repeat_count + 1`,
      [...AuditLogRepository.values(record), windowSeconds],
    );
  }

  /** Newest first, keyset-paginated on (created_at, id); read on the primary so a change just made is listed. */
  async list(filter: AuditLogFilter): Promise<AuditLogRow[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    const bind = (value: unknown) => `$${values.push(value)}`;
    if (filter.actorId) where.push(`actor_id = ${bind(filter.actorId)}::uuid`);
    if (filter.resourceType) where.push(`resource_type = ${bind(filter.resourceType)}`);
    if (filter.resourceId) where.push(`resource_id = ${bind(filter.resourceId)}`);
    if (filter.action) where.push(`action = ${bind(filter.action)}`);
    if (filter.outcome) where.push(`outcome = ${bind(filter.outcome)}`);
    if (filter.from) where.push(`created_at >= ${bind(filter.from)}`);
    if (filter.to) where.push(`created_at < ${bind(filter.to)}`);
    if (filter.after) where.push(`(created_at, id) < (${bind(filter.after.createdAt)}::timestamptz, ${bind(filter.after.id)}::bigint)`);
    const sql = `SELECT ${COLUMNS} FROM audit_logs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY created_at DESC, id DESC LIMIT ${bind(filter.limit)}`;
    return onPrimary(this.dataSource, (manager) => manager.query(sql, values));
  }

  private static values(record: AuditRecord): unknown[] {
    return [
      record.actorId ?? null,
      record.actorRole ?? null,
      record.action,
      record.resourceType,
      record.resourceId ?? null,
      record.oldValues ? JSON.stringify(record.oldValues) : null,
      record.newValues ? JSON.stringify(record.newValues) : null,
      record.ip ?? null,
      record.userAgent?.slice(0, 512) ?? null,
      record.requestId ?? null,
      record.outcome,
      record.errorCode ?? null,
    ];
  }
}
