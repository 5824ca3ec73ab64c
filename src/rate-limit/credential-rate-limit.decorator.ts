import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ProblemDetails } from '../common/problem/problem-details';
import { CREDENTIAL_RATE_LIMIT } from './rate-limit.constants';

/**
 * Marks a credential route (login, register, refresh) for the strict `credentials` limits, on top of the global
 * (and, once authenticated, per-user) limit:
 *
 * - `credentials-ip`: attempts per client IP (`RATE_LIMIT_CREDENTIALS_IP_LIMIT`), against credential stuffing
 *   from one address;
 * - `credentials-email`: attempts per target account (`RATE_LIMIT_CREDENTIALS_EMAIL_LIMIT`), whatever the IP,
 *   against password spraying from many addresses. Keyed on the trimmed, lower-cased `body.email`, hashed;
 *   skipped when the body has no email (e.g. refresh).
 *
 * Either counter exceeding answers 429. The counters are shared by every route carrying this decorator, so
 * alternating between login and register gains nothing. See OWASP ASVS 2.2.1.
 */
export const CredentialRateLimit = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(CREDENTIAL_RATE_LIMIT, true),
    ApiTooManyRequestsResponse({ type: ProblemDetails, description: 'Too many attempts from this address or for this account; see Retry-After' }),
  );
