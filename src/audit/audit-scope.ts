import { AsyncLocalStorage } from 'node:async_hooks';

/** Metadata key of `@Audited` (the action name). */
export const AUDITED_ACTION = 'audit:action';

/** The audited action a request is performing, set by `@Audited` around its handler. */
export interface AuditScope {
  action: string;
  resourceType: string;
  actor?: { id: string; role: string };
  /** Audit rows written for this action so far (inside its transactions). */
  recorded: number;
}

export const auditScopeStorage = new AsyncLocalStorage<AuditScope>();
