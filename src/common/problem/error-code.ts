/** Stable, documented machine codes carried in every problem+json body's `code`. */
export enum ErrorCode {
  BadRequest = 'BAD_REQUEST',
  ValidationFailed = 'VALIDATION_FAILED',
  /** A JSON body nested deeper than the parser accepts. */
  BodyTooDeep = 'BODY_TOO_DEEP',
  /** A pagination cursor that was altered, expired with its key, or handed out by another list. */
  InvalidCursor = 'INVALID_CURSOR',
  Unauthorized = 'UNAUTHORIZED',
  Forbidden = 'FORBIDDEN',
  /** An API key without any of the scopes the operation accepts. */
  InsufficientScope = 'INSUFFICIENT_SCOPE',
  NotFound = 'NOT_FOUND',
  RouteNotFound = 'ROUTE_NOT_FOUND',
  MethodNotAllowed = 'METHOD_NOT_ALLOWED',
  NotAcceptable = 'NOT_ACCEPTABLE',
  RequestTimeout = 'REQUEST_TIMEOUT',
  Conflict = 'CONFLICT',
  /** A row changed between reading and writing it, and the client sent no If-Match. */
  EditConflict = 'EDIT_CONFLICT',
  SkuTaken = 'SKU_TAKEN',
  SlugTaken = 'SLUG_TAKEN',
  /** A category that still has products or sub-categories, deleted without `force`. */
  CategoryNotEmpty = 'CATEGORY_NOT_EMPTY',
  InsufficientStock = 'INSUFFICIENT_STOCK',
  /** Stock would exceed what the column holds (2,147,483,647 units). */
  StockLimitExceeded = 'STOCK_LIMIT_EXCEEDED',
  /** An offset page beyond what anonymous callers may count; use the cursor. */
  OffsetTooDeep = 'OFFSET_TOO_DEEP',
  IdempotencyKeyInvalid = 'IDEMPOTENCY_KEY_INVALID',
  /** The Idempotency-Key was used before for a different request. */
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  /** A request with this Idempotency-Key is still running. */
  IdempotencyKeyInFlight = 'IDEMPOTENCY_KEY_IN_FLIGHT',
  /** Idempotency keys cannot be checked right now; nothing was done. */
  IdempotencyUnavailable = 'IDEMPOTENCY_UNAVAILABLE',
  Gone = 'GONE',
  /** A change-feed cursor older than the retention: resync from the full lists (the problem's `head` says from where). */
  ChangeCursorExpired = 'CHANGE_CURSOR_EXPIRED',
  /** A webhook URL that may not be delivered to: not HTTPS, unresolvable, or resolving to a non-public address. */
  WebhookTargetRefused = 'WEBHOOK_TARGET_REFUSED',
  /** The webhook subscription is disabled: enable it before resending a delivery. */
  WebhookDisabled = 'WEBHOOK_DISABLED',
  PreconditionFailed = 'PRECONDITION_FAILED',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UriTooLong = 'URI_TOO_LONG',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  UnprocessableEntity = 'UNPROCESSABLE_ENTITY',
  PreconditionRequired = 'PRECONDITION_REQUIRED',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  RequestHeaderFieldsTooLarge = 'REQUEST_HEADER_FIELDS_TOO_LARGE',
  InternalError = 'INTERNAL_ERROR',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
}

/** The code used when an error carries none of its own. */
export function codeForStatus(status: number): ErrorCode {
  const byStatus: Record<number, ErrorCode> = {
    400: ErrorCode.BadRequest,
    401: ErrorCode.Unauthorized,
    403: ErrorCode.Forbidden,
    404: ErrorCode.NotFound,
    405: ErrorCode.MethodNotAllowed,
    406: ErrorCode.NotAcceptable,
    408: ErrorCode.RequestTimeout,
    409: ErrorCode.Conflict,
    410: ErrorCode.Gone,
    412: ErrorCode.PreconditionFailed,
    413: ErrorCode.PayloadTooLarge,
    414: ErrorCode.UriTooLong,
    415: ErrorCode.UnsupportedMediaType,
    422: ErrorCode.UnprocessableEntity,
    428: ErrorCode.PreconditionRequired,
    429: ErrorCode.TooManyRequests,
    431: ErrorCode.RequestHeaderFieldsTooLarge,
    503: ErrorCode.ServiceUnavailable,
  };
  return byStatus[status] ?? (status >= 500 ? ErrorCode.InternalError : ErrorCode.BadRequest);
}
