import { type AuthenticatedUser, isApiKey } from '../auth/authenticated-user';
import type { SecurityEvent } from './audit-trail';

/** What the guards and interceptors see of a request: enough to name the route and the caller. */
export interface RoutedRequest {
  user?: AuthenticatedUser;
  method: string;
  routeOptions?: { url?: string };
}

/**
 * The audit event of a call refused with 403: which route, by whom. Repeatable: a caller hammering a route above
 * their role adds one row per window with the number of refusals, not one row per refusal.
 */
export function deniedCall(request: RoutedRequest, user: AuthenticatedUser | undefined = request.user): SecurityEvent {
  return {
    action: 'authorization.denied',
    resourceType: 'route',
    resourceId: `${request.method} ${request.routeOptions?.url ?? ''}`.slice(0, 64),
    actor: user && { id: user.id, role: actorRole(user) },
    outcome: 'failure',
    errorCode: 'FORBIDDEN',
    repeatable: true,
  };
}

/** The role an audit row names: an integration's key is `api_key`, never the customer role it is checked as. */
export function actorRole(caller: AuthenticatedUser): string {
  return isApiKey(caller) ? 'api_key' : caller.role;
}
