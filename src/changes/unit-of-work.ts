import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditChanges, AuditTrail } from '../audit/audit-trail';
import { type AuditScope, auditScopeStorage } from '../audit/audit-scope';
import { CatalogState } from '../catalog/catalog-state';
import { AUDITED_ACTIONS, type AuditedAction, CATALOG_RESOURCES, userEventData } from './change-event-types';
import { ChangeEventsRepository, type NewChangeEvent } from './change-events.repository';
import { ChangeSignal } from './change-signal';

/**
 * The one way to write. `run` opens a transaction on the primary and hands the work its manager and a change
 * recorder; before committing it writes an audit row per recorded change (inside an `@Audited` action) and the
 * change event its action announces; after committing a catalog change it records the write for cache
 * invalidation and read-your-writes. A service cannot commit a change without them: there is no other transaction.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly events: ChangeEventsRepository,
    private readonly catalog: CatalogState,
    private readonly signal: ChangeSignal,
  ) {}

  async run<T>(work: (manager: EntityManager, changes: AuditChanges) => Promise<T>): Promise<T> {
    const scope = auditScopeStorage.getStore();
    const changes = new AuditChanges();
    let announced = false;
    const result = await this.dataSource.transaction(async (manager) => {
      const value = await work(manager, changes);
      await this.audit.writeChanges(manager, changes, scope);
      const events = eventsOf(scope, changes);
      // Last: appending locks the event sequence until the commit (see ChangeEventsRepository.append).
      if (events.length) await this.events.append(manager, events);
      announced = events.length > 0;
      return value;
    });
    if (announced) this.signal.committed();
    if (scope && changes.list.length && CATALOG_RESOURCES.has(scope.resourceType)) await this.catalog.recordWrite();
    return result;
  }
}

function eventsOf(scope: AuditScope | undefined, changes: AuditChanges): NewChangeEvent[] {
  const type = scope && AUDITED_ACTIONS[scope.action as AuditedAction];
  if (!scope || !type) return [];
  return changes.list.map((change) => {
    const resource = change.resource ?? change.after ?? change.before ?? {};
    const data = scope.resourceType === 'user' ? userEventData(resource) : resource;
    const version = (resource as { version?: unknown }).version;
    return {
      type,
      resourceType: scope.resourceType,
      resourceId: change.resourceId,
      resourceVersion: typeof version === 'number' ? version : null,
      actorId: scope.actor?.id ?? null,
      actorRole: scope.actor?.role ?? null,
      data,
    };
  });
}
