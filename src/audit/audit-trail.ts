import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { RequestContext } from '../common/context/request-context';
import type { AuditScope } from './audit-scope';
import { AuditLogRepository, type AuditOutcome, type AuditRecord } from './audit-log.repository';
import { changedValues } from './audit-values';

/** What a write reports about one resource it changed: the representations before and after. */
export interface AuditedChange {
  resourceId: string;
  before?: object;
  after?: object;
  /** The resource as a GET returns it, when `before`/`after` describe only part of it (a stock adjustment). */
  resource?: object;
}

/** Collects the changes of one transaction; written to the trail (and announced) just before it commits. */
export class AuditChanges {
  readonly list: AuditedChange[] = [];

  record(resourceId: string, before: object | undefined, after: object | undefined, resource?: object): void {
    this.list.push({ resourceId, before, after, resource });
  }
}

/**
 * How long identical repeatable events share one audit row: one row per event, actor, resource, outcome and
 * window, whatever the rate, so a flood of refused calls adds at most one row a minute per caller and route.
 */
export const REPEAT_WINDOW_SECONDS = 60;

export interface SecurityEvent {
  action: string;
  resourceType: string;
  resourceId?: string;
  actor?: { id: string; role?: string };
  outcome: AuditOutcome;
  errorCode?: string;
  /**
   * Identical events in the same {@link REPEAT_WINDOW_SECONDS} window are one row whose `repeat_count` says how
   * many there were (denied calls). Unset: one row per event (logins and everything else).
   */
  repeatable?: boolean;
}

/**
 * The audit trail. `writeChanges` runs inside the write transaction of an `@Audited` action (the unit of work
 * calls it), so a change and its audit row commit or roll back together. `securityEvent` records events that change
 * nothing by themselves (logins, denied calls); a repeatable one is counted in the row of its identical
 * predecessor in the window, if there is one.
 */
@Injectable()
export class AuditTrail {
  private readonly logger = new Logger(AuditTrail.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly logs: AuditLogRepository,
    private readonly context: RequestContext,
  ) {}

  /** Best effort on its own connection: an audit outage must not lock users out, so a failure is logged. */
  async securityEvent(event: SecurityEvent): Promise<void> {
    const record: AuditRecord = {
      ...this.client(),
      action: event.action,
      resourceType: event.resourceType,
      resourceId: event.resourceId,
      actorId: event.actor?.id,
      actorRole: event.actor?.role,
      outcome: event.outcome,
      errorCode: event.errorCode,
    };
    try {
      if (event.repeatable) await this.logs.insertOrCountRepeat(this.dataSource.manager, record, REPEAT_WINDOW_SECONDS);
      else await this.logs.insert(this.dataSource.manager, record);
    } catch (error) {
      this.logger.error({ event: 'audit.write_failed', action: event.action, err: error });
    }
  }

  async writeChanges(manager: EntityManager, changes: AuditChanges, scope: AuditScope | undefined): Promise<void> {
    if (!scope) {
      if (changes.list.length) throw new Error('Audited changes reported outside an @Audited action');
      return;
    }
    for (const change of changes.list) {
      const record: AuditRecord = {
        ...this.client(),
        ...changedValues(change.before, change.after),
        action: scope.action,
        resourceType: scope.resourceType,
        resourceId: change.resourceId,
        actorId: scope.actor?.id,
        actorRole: scope.actor?.role,
        outcome: 'success',
      };
      await this.logs.insert(manager, record);
      scope.recorded += 1;
    }
  }

  private client(): Pick<AuditRecord, 'ip' | 'userAgent' | 'requestId'> {
    return { ip: this.context.clientIp, userAgent: this.context.userAgent, requestId: this.context.requestId };
  }
}
