import type { Role } from '../users/role';

/** The caller of an authenticated request, set on `request.user` by the JWT guard. */
export interface AuthenticatedUser {
  id: string;
  role: Role;
  /** The `sid` claim: the refresh-token family (session) this access token was issued with. */
  sessionId: string;
}
