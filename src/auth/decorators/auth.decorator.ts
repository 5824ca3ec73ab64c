import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ProblemDetails } from '../../common/problem/problem-details';
import type { Role } from '../../users/role';

export const AUTH_POLICY = 'auth:policy';

export interface AuthPolicy {
  /** Roles allowed (higher roles included: a superadmin passes an admin check). Empty: any signed-in user. */
  roles?: Role[];
}

/**
 * Declares who may call a route: a valid access token, and one of `roles` if given. A route with neither
 * `@Auth` nor `@Public` is refused (closed by default). Also documents bearer auth and the 401/403 answers.
 */
export const Auth = (policy: AuthPolicy = {}) =>
  applyDecorators(
    SetMetadata(AUTH_POLICY, policy),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ type: ProblemDetails, description: 'Missing, invalid, expired or revoked access token' }),
    ...(policy.roles?.length ? [ApiForbiddenResponse({ type: ProblemDetails, description: `Requires role: ${policy.roles.join(' or ')}` })] : []),
  );
