import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { ApiKeyScope } from '../../api-keys/api-key-scope';
import { ProblemDetails } from '../../common/problem/problem-details';
import type { Role } from '../../users/role';

export const AUTH_POLICY = 'auth:policy';

export interface AuthPolicy {
  /** Roles allowed (higher roles included: a superadmin passes an admin check). Empty: any signed-in user. */
  roles?: Role[];
  /**
   * API keys allowed: those holding one of these scopes. Empty: no API key, whatever its scopes (a key is never a
   * user, so `roles` never lets one in). Users are still checked against `roles` only.
   */
  scopes?: ApiKeyScope[];
}

function forbiddenDescription(policy: AuthPolicy): string | undefined {
  const who = [
    ...(policy.roles?.length ? [`role: ${policy.roles.join(' or ')}`] : []),
    ...(policy.scopes?.length ? [`an API key with scope: ${policy.scopes.join(' or ')}`] : []),
  ];
  return who.length ? `Requires ${who.join(', or ')}` : undefined;
}

/**
 * Declares who may call a route: a valid access token, and one of `roles` if given; or an API key holding one of
 * `scopes`, e.g. `@Auth({ roles: [Role.Admin], scopes: [ApiKeyScope.ChangesRead] })` for "admins, or integrations
 * that read changes". A route with neither `@Auth` nor `@Public` is refused (closed by default). Also documents
 * bearer auth and the 401/403 answers.
 */
export const Auth = (policy: AuthPolicy = {}) => {
  const forbidden = forbiddenDescription(policy);
  return applyDecorators(
    SetMetadata(AUTH_POLICY, policy),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ type: ProblemDetails, description: 'Missing, invalid, expired or revoked access token' }),
    ...(forbidden ? [ApiForbiddenResponse({ type: ProblemDetails, description: forbidden })] : []),
  );
};
