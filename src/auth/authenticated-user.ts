import type { ApiKeyScope } from '../api-keys/api-key-scope';
import { Role, roleSatisfies } from '../users/role';

/** A person signed in with an access token. */
export interface UserPrincipal {
  /** Optional so that values built before API keys existed still type-check; absent means a user. */
  kind?: 'user';
  id: string;
  role: Role;
  /** The `sid` claim: the refresh-token family (session) this access token was issued with. */
  sessionId: string;
}

/** An integration calling with an API key. */
export interface ApiKeyPrincipal {
  kind: 'api-key';
  /** The key's id, so limits, idempotency and the audit trail count each key as its own caller. */
  id: string;
  /**
   * Always the lowest role, so that a check written against `role` alone never mistakes a key for staff; the guards
   * also refuse keys on every route that does not name one of their scopes.
   */
  role: Role.Customer;
  scopes: readonly ApiKeyScope[];
  sessionId?: undefined;
}

/**
 * The caller of an authenticated request, set on `request.user` by the JWT guard. Narrow with `kind === 'api-key'`
 * (or {@link isApiKey}) before relying on anything but `id`.
 */
export type AuthenticatedUser = UserPrincipal | ApiKeyPrincipal;

export const isApiKey = (caller: AuthenticatedUser | undefined): caller is ApiKeyPrincipal => caller?.kind === 'api-key';

/**
 * Staff (admin and up) and integrations whose key holds `scope`: the callers of a back-office read a key may also
 * make. For the catalog, `readsAsStaff(caller, ApiKeyScope.CatalogRead)` decides who sees unpublished products and
 * exact totals.
 */
export function readsAsStaff(caller: AuthenticatedUser | undefined, scope: ApiKeyScope): boolean {
  if (!caller) return false;
  return isApiKey(caller) ? caller.scopes.includes(scope) : roleSatisfies(caller.role, Role.Admin);
}
