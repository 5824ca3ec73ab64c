import { ErrorCode } from '../problem/error-code';
import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiConflictResponse, ApiHeader, ApiServiceUnavailableResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ProblemDetails } from '../problem/problem-details';
import { IdempotencyInterceptor } from './idempotency.interceptor';

export const IDEMPOTENT = 'idempotency:enabled';

/**
 * Makes a POST (or PATCH) route honour an optional `Idempotency-Key` header (draft-ietf-httpapi-idempotency-key-header):
 * the first request with a key runs and its response is kept (`IDEMPOTENCY_TTL_SECONDS`); a retry with the same key
 * and the same body, params and query gets that response again with `Idempotent-Replayed: true`, without running
 * the handler. Keys are per caller (user id, or client IP when anonymous) and per route. A failed request keeps
 * nothing, so it can be retried. Also documents the header and the 409, 422 and 503 answers.
 *
 * The handler must return its body (no `@Res()` without `passthrough`); its status, `Location`, `ETag` and
 * `Content-Type` are replayed.
 */
export const Idempotent = () =>
  applyDecorators(
    SetMetadata(IDEMPOTENT, true),
    // Route-scoped, not global: every global interceptor costs every request, and only a few routes need this.
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'A unique value (e.g. a UUID v4) making this request safe to retry: a retry with the same key and body gets the first ' +
        'response again, marked `Idempotent-Replayed: true`, and changes nothing. Kept 24 h by default.',
      schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$', example: '8e03978e-40d5-43e8-bc93-6894a57f9324' },
    }),
    ApiConflictResponse({
      type: ProblemDetails,
      description: `\`${ErrorCode.IdempotencyKeyInFlight}\`: a request with this Idempotency-Key is still running; retry after \`Retry-After\` seconds`,
    }),
    ApiUnprocessableEntityResponse({
      type: ProblemDetails,
      description: `\`${ErrorCode.IdempotencyKeyReused}\`: this Idempotency-Key was already used for a different request`,
    }),
    ApiServiceUnavailableResponse({
      type: ProblemDetails,
      description: `\`${ErrorCode.IdempotencyUnavailable}\`: keys cannot be checked right now (nothing was done); retry after \`Retry-After\` seconds`,
    }),
  );
