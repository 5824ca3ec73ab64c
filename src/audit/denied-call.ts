import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { SecurityEvent } from './audit-trail';

/** The audit event of a call refused with 403: which route, by whom. */
export function deniedCall(request: { method: string; routeOptions?: { url?: string } }, user: AuthenticatedUser | undefined): SecurityEvent {
  return {
    action: 'authorization.denied',
    resourceType: 'route',
    resourceId: `${request.method} ${request.routeOptions?.url ?? ''}`.slice(0, 64),
    actor: user && { id: user.id, role: user.role },
    outcome: 'failure',
    errorCode: 'FORBIDDEN',
  };
}
