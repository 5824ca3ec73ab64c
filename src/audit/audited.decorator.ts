import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import type { AuditedAction } from '../changes/change-event-types';
import { AUDITED_ACTION } from './audit-scope';
import { AuditInterceptor } from './audit.interceptor';

/**
 * Marks a mutating route as an audited action named `<resource>.<verb>` (e.g. `product.update`): the
 * changes its write transaction reports through `UnitOfWork.run` are written to the audit trail in
 * that transaction, with the caller, address, user agent and request id. Put it above `@Idempotent()` so a
 * replayed answer, which changes nothing, writes nothing.
 */
export const Audited = (action: AuditedAction) => applyDecorators(SetMetadata(AUDITED_ACTION, action), UseInterceptors(AuditInterceptor));
