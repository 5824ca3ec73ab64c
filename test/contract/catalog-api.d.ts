export interface paths {
  '/api/v1/audit-logs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Lists audit events (back office).
     * @description Who changed what, when, from where: newest first, cursor-paginated. Repeated denials within a minute
     *     are one event with `repeatCount`.
     */
    get: operations['AuditLogs_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/register': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Creates a customer account and signs it in.
     * @description `role` or any other unknown field is refused.
     */
    post: operations['Auth_register'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Signs in: exchanges credentials for a token pair.
     * @description A wrong password and an unknown email get the same answer.
     */
    post: operations['Auth_login'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/refresh': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Spends a refresh token for a new token pair.
     * @description Presenting a spent token again ends that whole session.
     */
    post: operations['Auth_refresh'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Signs out of this session.
     * @description Its refresh tokens and access tokens stop working.
     */
    post: operations['Auth_logout'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/logout-all': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Signs out of every session.
     * @description Every access token issued before stops working at once.
     */
    post: operations['Auth_logoutAll'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller's own account. */
    get: operations['Users_me'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Changes the caller's name or password.
     * @description A new password needs `currentPassword`; every other session then ends.
     */
    patch: operations['Users_updateMe'];
    trace?: never;
  };
  '/api/v1/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Lists users (back office).
     * @description Newest first, cursor-paginated; filter by role or email prefix.
     */
    get: operations['Users_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Gets one user (back office). */
    get: operations['Users_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users/{id}/role': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Changes a user's role.
     * @description Superadmin only. The last superadmin cannot be demoted (409).
     */
    patch: operations['Users_changeRole'];
    trace?: never;
  };
  '/api/v1/users/{id}/disable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Disables a user.
     * @description Admins disable customers; staff accounts need a superadmin. The user's tokens stop working at once.
     */
    post: operations['Users_disable'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users/{id}/enable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Enables a disabled user.
     * @description Admins enable customers; staff accounts need a superadmin.
     */
    post: operations['Users_enable'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/api-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Lists API keys, revoked and expired ones included.
     * @description Newest first, cursor-paginated. Never shows a key's secret.
     */
    get: operations['ApiKeys_list'];
    put?: never;
    /**
     * Creates an API key for an integration.
     * @description The answer holds the key (`key`) this once: only its hash is stored. Send it as
     *     `Authorization: Bearer <key>`.
     */
    post: operations['ApiKeys_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/api-keys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Gets one API key (never its secret). */
    get: operations['ApiKeys_get'];
    put?: never;
    post?: never;
    /**
     * Revokes an API key.
     * @description It stops working on its next request. Revoking a revoked key changes nothing and answers 204 again.
     */
    delete: operations['ApiKeys_revoke'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/changes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Reads the change feed.
     * @description Every committed catalog and user change, exactly once, in commit order, with the resource as a GET
     *     returns it. Resume from the `cursor` of the last page (or of the last event processed). With `wait`, an empty
     *     answer is held until the next change commits (within about 200 ms of it) or the wait ends. A cursor older than
     *     the retention gets 410 `CHANGE_CURSOR_EXPIRED` with the `head` cursor to resume from after a full resync.
     */
    get: operations['ChangeFeed_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/products': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Lists active products.
     * @description Newest first by default, or by relevance with `q`. Keyset pages (`cursor`), or for back-office tables
     *     `page` (with `page.total`: exact for staff, capped for everyone else). Staff also see unpublished products.
     */
    get: operations['Products_list'];
    put?: never;
    /** Creates a product. */
    post: operations['Products_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/products/suggestions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Autocomplete: names of active products for what a shopper is typing. */
    get: operations['Products_suggestions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/products/{idOrSlug}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Gets one product by id or slug.
     * @description With an ETag (`If-None-Match` → 304). An unpublished product (`isActive: false`) is for staff only: 404
     *     for anyone else.
     */
    get: operations['Products_get'];
    put?: never;
    post?: never;
    /**
     * Deletes a product.
     * @description A soft delete: the product disappears and its sku and slug can be used again.
     */
    delete: operations['Products_remove'];
    options?: never;
    head?: never;
    /**
     * Changes some fields of a product.
     * @description Send the ETag you read in `If-Match`: a change made meanwhile by someone else then fails with 412
     *     instead of being overwritten.
     */
    patch: operations['Products_update'];
    trace?: never;
  };
  '/api/v1/products/{id}/stock-adjustments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Adds or removes units of stock.
     * @description Atomic; stock never goes below zero (409 instead).
     */
    post: operations['Products_adjustStock'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/categories': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Lists categories by name.
     * @description `parentId` walks the tree (`none` for the top level).
     */
    get: operations['Categories_list'];
    put?: never;
    /** Creates a category. */
    post: operations['Categories_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/categories/{idOrSlug}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Gets one category by id or slug.
     * @description With its product count, an ETag (`If-None-Match` → 304), and with `include=products` the first page of
     *     its products.
     */
    get: operations['Categories_get'];
    put?: never;
    post?: never;
    /**
     * Deletes a category.
     * @description A soft delete; 409 while it has products or sub-categories, unless `force=true`.
     */
    delete: operations['Categories_remove'];
    options?: never;
    head?: never;
    /**
     * Changes some fields of a category.
     * @description Send the ETag you read in `If-Match`: a change made meanwhile by someone else then fails with 412
     *     instead of being overwritten. `parentId` moves it in the tree (never under itself).
     */
    patch: operations['Categories_update'];
    trace?: never;
  };
  '/health/live': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Liveness: the process answers.
     * @description Never checks dependencies, so a database outage does not restart pods.
     */
    get: operations['Health_live'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/ready': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Readiness: whether this instance can answer.
     * @description It fails when shutdown has begun or when no database answers
     *     at all (primary and every replica: nothing but cached reads could be served). A shared dependency that is
     *     down for every instance alike (Redis, a replica, even the primary while replicas answer) is reported under
     *     `degraded` but keeps the instance ready: the service degrades around it (cache and limits skip Redis, reads
     *     fall back, writes answer 503), and taking every instance out of the load balancer at once would turn a
     *     partial outage into a total one.
     */
    get: operations['Health_ready'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Lists webhook subscriptions.
     * @description Newest first. Never shows a secret.
     */
    get: operations['Webhooks_list'];
    put?: never;
    /**
     * Subscribes a URL to change events.
     * @description The answer holds the signing secret (`secret`) this once. Every delivery is signed with it following
     *     Standard Webhooks. The URL must be HTTPS and resolve to public addresses only.
     */
    post: operations['Webhooks_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Gets one webhook subscription (never its secret). */
    get: operations['Webhooks_get'];
    put?: never;
    post?: never;
    /**
     * Deletes a webhook subscription.
     * @description Its deliveries are deleted with it; none is attempted again.
     */
    delete: operations['Webhooks_delete'];
    options?: never;
    head?: never;
    /**
     * Changes a webhook subscription.
     * @description Enabling a disabled subscription clears its failure count; deliveries still pending resume.
     */
    patch: operations['Webhooks_update'];
    trace?: never;
  };
  '/api/v1/webhooks/{id}/rotate-secret': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Replaces the signing secret.
     * @description The answer holds the new secret this once. The previous secret keeps signing for 24 hours: meanwhile
     *     every delivery carries two signatures, one per secret.
     */
    post: operations['Webhooks_rotateSecret'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks/{id}/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Lists the deliveries of a webhook subscription.
     * @description Newest event first, with the latest attempt's status code, latency and error.
     */
    get: operations['Webhooks_listDeliveries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks/{id}/deliveries/{deliveryId}/resend': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Attempts a delivery again, now.
     * @description The attempt carries the same `webhook-id` as the earlier ones. A delivery behind an unfinished earlier
     *     delivery of the same resource still waits for it.
     */
    post: operations['Webhooks_resend'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    FieldProblem: {
      /**
       * @description The field, with a dotted path for nested fields (`items.0.sku`)
       * @example price
       */
      field: string;
      /** @example price must not be less than 0 */
      message: string;
    };
    ProblemDetails: {
      /**
       * @description URI identifying the problem type
       * @example about:blank
       */
      type: string;
      /** @example Not Found */
      title: string;
      /** @example 404 */
      status: number;
      /** @example No product has the id 0b7e… */
      detail: string;
      /**
       * @description The request path this occurrence belongs to
       * @example /api/v1/products/0b7e…
       */
      instance: string;
      /**
       * @example NOT_FOUND
       * @enum {string}
       */
      code:
        | 'BAD_REQUEST'
        | 'VALIDATION_FAILED'
        | 'BODY_TOO_DEEP'
        | 'INVALID_CURSOR'
        | 'UNAUTHORIZED'
        | 'FORBIDDEN'
        | 'INSUFFICIENT_SCOPE'
        | 'NOT_FOUND'
        | 'ROUTE_NOT_FOUND'
        | 'METHOD_NOT_ALLOWED'
        | 'NOT_ACCEPTABLE'
        | 'REQUEST_TIMEOUT'
        | 'CONFLICT'
        | 'EDIT_CONFLICT'
        | 'SKU_TAKEN'
        | 'SLUG_TAKEN'
        | 'CATEGORY_NOT_EMPTY'
        | 'INSUFFICIENT_STOCK'
        | 'STOCK_LIMIT_EXCEEDED'
        | 'OFFSET_TOO_DEEP'
        | 'IDEMPOTENCY_KEY_INVALID'
        | 'IDEMPOTENCY_KEY_REUSED'
        | 'IDEMPOTENCY_KEY_IN_FLIGHT'
        | 'IDEMPOTENCY_UNAVAILABLE'
        | 'GONE'
        | 'CHANGE_CURSOR_EXPIRED'
        | 'WEBHOOK_TARGET_REFUSED'
        | 'WEBHOOK_DISABLED'
        | 'PRECONDITION_FAILED'
        | 'PAYLOAD_TOO_LARGE'
        | 'URI_TOO_LONG'
        | 'UNSUPPORTED_MEDIA_TYPE'
        | 'UNPROCESSABLE_ENTITY'
        | 'PRECONDITION_REQUIRED'
        | 'TOO_MANY_REQUESTS'
        | 'REQUEST_HEADER_FIELDS_TOO_LARGE'
        | 'INTERNAL_ERROR'
        | 'SERVICE_UNAVAILABLE';
      /**
       * @description Quote it to support; it is in every log line of the request
       * @example 5f0c2a9e-7d7b-4a43-9b1c-2f1de0b0c3a4
       */
      requestId: string;
      /** @description Per-field problems (validation errors only) */
      errors?: components['schemas']['FieldProblem'][];
    };
    AuditLogDto: {
      /** @example 1024 */
      id: string;
      /** Format: uuid */
      actorId: string | null;
      /** @example admin */
      actorRole: string | null;
      /** @example product.update */
      action: string;
      /** @example product */
      resourceType: string;
      resourceId: string | null;
      /**
       * @description Changed fields, before
       * @example {
       *       "price": 1999
       *     }
       */
      oldValues: {
        [key: string]: unknown;
      } | null;
      /**
       * @description Changed fields, after
       * @example {
       *       "price": 2499
       *     }
       */
      newValues: {
        [key: string]: unknown;
      } | null;
      ip: string | null;
      userAgent: string | null;
      requestId: string | null;
      /** @enum {string} */
      outcome: 'success' | 'failure';
      /** @example FORBIDDEN */
      errorCode: string | null;
      /**
       * Format: date-time
       * @description When the event happened; for a row counting repeats, when the first of them did
       */
      createdAt: string;
      /**
       * @description How many identical events this row stands for. 1 for a single event. Repeated denied calls (same actor, route, action and outcome) within one window share a row: then the number of calls refused from createdAt until repeatUntil; ip, userAgent and requestId are those of the first.
       * @example 1
       */
      repeatCount: number;
      /**
       * Format: date-time
       * @description For an event counted in repeatCount, the end of its window (exclusive): later repeats start a new row. Null for every other event.
       */
      repeatUntil: string | null;
    };
    CursorPageInfoDto: {
      /** @example 20 */
      limit: number;
      /** @example eyJjIjoiMjAyNi0xMS0yOFQwNjowMDowMC4wMDBaIiwiaSI6IjEifQ.q3V… */
      nextCursor: string | null;
      /** @example true */
      hasMore: boolean;
    };
    AuditLogPageDto: {
      data: components['schemas']['AuditLogDto'][];
      page: components['schemas']['CursorPageInfoDto'];
    };
    RegisterDto: {
      /**
       * Format: email
       * @example ada@example.com
       */
      email: string;
      /** @example correct horse battery staple */
      password: string;
      /** @example Ada Lovelace */
      name?: string;
    };
    UserResponseDto: {
      /**
       * Format: uuid
       * @example 3f1c8a4e-2b7d-4c1e-9a55-0d6c3e7b9f12
       */
      id: string;
      /** @example ada@example.com */
      email: string;
      /**
       * @example customer
       * @enum {string}
       */
      role: 'customer' | 'admin' | 'superadmin';
      /** @example Ada Lovelace */
      name: string | null;
      /** @example false */
      disabled: boolean;
      /** Format: date-time */
      lastLoginAt: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    TokenPairDto: {
      /**
       * @description JWT (typ at+jwt), sent as `Authorization: Bearer …`
       * @example eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiIuLi4ifQ.c2ln
       */
      accessToken: string;
      /**
       * @description Opaque, single use: each refresh returns a new one
       * @example k3J0cF9yZWZyZXNoX3Rva2VuX2V4YW1wbGVfMzJieXRlcw
       */
      refreshToken: string;
      /** @example Bearer */
      tokenType: string;
      /**
       * @description Access token lifetime in seconds
       * @example 900
       */
      expiresIn: number;
    };
    RegisteredDto: {
      user: components['schemas']['UserResponseDto'];
      tokens: components['schemas']['TokenPairDto'];
    };
    LoginDto: {
      /** @example ada@example.com */
      email: string;
      /** @example correct horse battery staple */
      password: string;
    };
    RefreshDto: {
      /** @example k3J0cF9yZWZyZXNoX3Rva2VuX2V4YW1wbGVfMzJieXRlcw */
      refreshToken: string;
    };
    UpdateMeDto: {
      /** @description Display name. */
      name?: string;
      /** @description Required to change the password. */
      currentPassword?: string;
      /** @description 12 to 128 characters, not the email address. Changing it ends every other session. */
      newPassword?: string;
    };
    UserPageDto: {
      data: components['schemas']['UserResponseDto'][];
      page: components['schemas']['CursorPageInfoDto'];
    };
    UpdateRoleDto: {
      /** @enum {string} */
      role: 'customer' | 'admin' | 'superadmin';
    };
    CreateApiKeyDto: {
      /**
       * @description What the key is for, as lists show it
       * @example ERP nightly sync
       */
      name: string;
      /**
       * @description What the key may do
       * @example [
       *       "catalog:read"
       *     ]
       */
      scopes: ('catalog:read' | 'changes:read')[];
      /**
       * Format: date-time
       * @description When the key stops working; never when absent
       * @example 2027-06-30T00:00:00Z
       */
      expiresAt?: string;
    };
    CreatedApiKeyDto: {
      /**
       * Format: uuid
       * @example 7d0e2c4a-5b1f-4e8a-9c3d-2f6a8b1e4c70
       */
      id: string;
      /** @example ERP nightly sync */
      name: string;
      /**
       * @description The first characters of the key, to recognise it
       * @example ck_AbCdEfGh
       */
      prefix: string;
      /**
       * @example [
       *       "catalog:read"
       *     ]
       */
      scopes: ('catalog:read' | 'changes:read')[];
      /**
       * Format: uuid
       * @description The staff member who created it
       */
      createdBy: string | null;
      /** Format: date-time */
      createdAt: string;
      /**
       * Format: date-time
       * @description Recorded at most once a minute
       */
      lastUsedAt: string | null;
      /** Format: date-time */
      revokedAt: string | null;
      /** Format: date-time */
      expiresAt: string | null;
      /**
       * @description The secret, shown this once: store it now
       * @example ck_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE
       */
      key: string;
    };
    ApiKeyDto: {
      /**
       * Format: uuid
       * @example 7d0e2c4a-5b1f-4e8a-9c3d-2f6a8b1e4c70
       */
      id: string;
      /** @example ERP nightly sync */
      name: string;
      /**
       * @description The first characters of the key, to recognise it
       * @example ck_AbCdEfGh
       */
      prefix: string;
      /**
       * @example [
       *       "catalog:read"
       *     ]
       */
      scopes: ('catalog:read' | 'changes:read')[];
      /**
       * Format: uuid
       * @description The staff member who created it
       */
      createdBy: string | null;
      /** Format: date-time */
      createdAt: string;
      /**
       * Format: date-time
       * @description Recorded at most once a minute
       */
      lastUsedAt: string | null;
      /** Format: date-time */
      revokedAt: string | null;
      /** Format: date-time */
      expiresAt: string | null;
    };
    ApiKeyPageDto: {
      data: components['schemas']['ApiKeyDto'][];
      page: components['schemas']['CursorPageInfoDto'];
    };
    ChangeActorDto: {
      /**
       * Format: uuid
       * @description The user (or API key) that made the change
       */
      id: string;
      /** @example admin */
      role: string;
    };
    ProductDto: {
      /**
       * Format: uuid
       * @example 7d0f7c1e-8b0a-4a53-9a6e-5c1f0e2b9d41
       */
      id: string;
      /** @example TBL-OAK-001 */
      sku: string;
      /** @example Rustic Oak Coffee Table */
      name: string;
      /** @example rustic-oak-coffee-table */
      slug: string;
      /** @example Solid oak, oiled finish. 110 × 60 cm. */
      description: string;
      /**
       * @description Price in minor units (cents)
       * @example 24900
       */
      price: number;
      /**
       * @description ISO 4217
       * @example EUR
       */
      currency: string;
      /** @example 12 */
      stock: number;
      /** Format: uuid */
      categoryId: string | null;
      /** @example true */
      isActive: boolean;
      /**
       * @description Increases with every change; the ETag is derived from it
       * @example 3
       */
      version: number;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    ProductChangeEventDto: {
      /**
       * Format: uuid
       * @description Unique per event; webhook deliveries send it as `webhook-id`
       */
      id: string;
      /** @description Resume the feed after this event by passing it as `after` */
      cursor: string;
      /**
       * @description The event’s place in the global, gap-free commit order (a decimal integer)
       * @example 1842
       */
      position: string;
      /** Format: uuid */
      resourceId: string;
      /**
       * @description The resource’s version after the change (its ETag’s), when it has one
       * @example 3
       */
      resourceVersion: number | null;
      /**
       * Format: date-time
       * @description When the change was made, just before it committed
       */
      occurredAt: string;
      /** @description Who made it; null for a self-registration */
      actor: components['schemas']['ChangeActorDto'] | null;
      /** @enum {string} */
      type: 'product.created' | 'product.updated' | 'product.deleted' | 'product.stock_changed';
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      resourceType: 'product';
      /** @description The product as a GET returns it after the change; for a deletion, its last state */
      data: components['schemas']['ProductDto'];
    };
    CategoryDto: {
      /** Format: uuid */
      id: string;
      /** @example Living Room */
      name: string;
      /** @example living-room */
      slug: string;
      /** @example Sofas, tables and shelves. */
      description: string;
      /** Format: uuid */
      parentId: string | null;
      /** @example 1 */
      version: number;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    CategoryChangeEventDto: {
      /**
       * Format: uuid
       * @description Unique per event; webhook deliveries send it as `webhook-id`
       */
      id: string;
      /** @description Resume the feed after this event by passing it as `after` */
      cursor: string;
      /**
       * @description The event’s place in the global, gap-free commit order (a decimal integer)
       * @example 1842
       */
      position: string;
      /** Format: uuid */
      resourceId: string;
      /**
       * @description The resource’s version after the change (its ETag’s), when it has one
       * @example 3
       */
      resourceVersion: number | null;
      /**
       * Format: date-time
       * @description When the change was made, just before it committed
       */
      occurredAt: string;
      /** @description Who made it; null for a self-registration */
      actor: components['schemas']['ChangeActorDto'] | null;
      /** @enum {string} */
      type: 'category.created' | 'category.updated' | 'category.deleted';
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      resourceType: 'category';
      /** @description The category as the list returns it after the change; for a deletion, its last state */
      data: components['schemas']['CategoryDto'];
    };
    UserEventDataDto: {
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      role: 'customer' | 'admin' | 'superadmin';
      disabled: boolean;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    UserChangeEventDto: {
      /**
       * Format: uuid
       * @description Unique per event; webhook deliveries send it as `webhook-id`
       */
      id: string;
      /** @description Resume the feed after this event by passing it as `after` */
      cursor: string;
      /**
       * @description The event’s place in the global, gap-free commit order (a decimal integer)
       * @example 1842
       */
      position: string;
      /** Format: uuid */
      resourceId: string;
      /**
       * @description The resource’s version after the change (its ETag’s), when it has one
       * @example 3
       */
      resourceVersion: number | null;
      /**
       * Format: date-time
       * @description When the change was made, just before it committed
       */
      occurredAt: string;
      /** @description Who made it; null for a self-registration */
      actor: components['schemas']['ChangeActorDto'] | null;
      /** @enum {string} */
      type: 'user.created' | 'user.updated';
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      resourceType: 'user';
      data: components['schemas']['UserEventDataDto'];
    };
    ChangePageDto: {
      /** @description Events in commit order */
      data: (components['schemas']['ProductChangeEventDto'] | components['schemas']['CategoryChangeEventDto'] | components['schemas']['UserChangeEventDto'])[];
      /** @description Pass as `after` to read what follows; given also when `data` is empty */
      cursor: string;
      /** @description Whether more events follow already (read again at once) or the consumer is up to date */
      hasMore: boolean;
    };
    OffsetPageInfoDto: {
      /** @example 20 */
      limit: number;
      /** @example eyJjIjoiMjAyNi0xMS0yOFQwNjowMDowMC4wMDBaIiwiaSI6IjEifQ.q3V… */
      nextCursor: string | null;
      /** @example true */
      hasMore: boolean;
      /**
       * @description Offset mode only
       * @example 3
       */
      page?: number;
      /**
       * @description Offset mode only. The number of matching products: exact for staff (admin, superadmin); for everyone else exact up to 10000, and when totalCapped is true, 10000 meaning at least that many match
       * @example 1280
       */
      total?: number;
      /**
       * @description Offset mode only. True when more than 10000 products match and the caller is not staff: the count stopped there and total is 10000 (a lower bound). Always false for staff (admin, superadmin), whose total is exact. hasMore still says whether more products match after this page (true on every page of a capped total), but offset pages stop at 10000 rows: beyond them, use cursor pagination
       * @example false
       */
      totalCapped?: boolean;
      /**
       * @description Offset mode only. ceil(total / limit), from the capped total when totalCapped is true
       * @example 64
       */
      totalPages?: number;
    };
    CategoryFacetDto: {
      /** Format: uuid */
      id: string;
      /** @example Lighting */
      name: string;
      /** @example 412 */
      count: number;
    };
    PriceBucketDto: {
      /**
       * @description Lowest price of the bucket, in cents (inclusive)
       * @example 2500
       */
      min: number;
      /**
       * @description Highest price of the bucket, in cents (exclusive); null for the last bucket
       * @example 5000
       */
      max: number | null;
      /** @example 118 */
      count: number;
    };
    ProductFacetsDto: {
      /** @description True when more products match than the exact cap (CATALOG_FACET_EXACT_CAP): the counts are then those of the first `counted` matches, not of all */
      approximate: boolean;
      /**
       * @description Matching products the counts cover
       * @example 1000
       */
      counted: number;
      /** @description With facets=category: the most frequent categories of the matches (products without a category are not listed) */
      category?: components['schemas']['CategoryFacetDto'][];
      /** @description With facets=price: every bucket of CATALOG_FACET_PRICE_EDGES, in order, empty ones included */
      price?: components['schemas']['PriceBucketDto'][];
    };
    ProductPageDto: {
      data: components['schemas']['ProductDto'][];
      page: components['schemas']['OffsetPageInfoDto'];
      /** @description Only with `facets`: counts for the current search and filters */
      facets?: components['schemas']['ProductFacetsDto'];
    };
    SuggestionsDto: {
      /**
       * @description Distinct names of active products, best matches first
       * @example [
       *       "Rustic Oak Coffee Table",
       *       "Modern Oak Side Table"
       *     ]
       */
      data: string[];
    };
    CreateProductDto: {
      /**
       * @description Stock-keeping unit, unique among live products
       * @example TBL-OAK-001
       */
      sku: string;
      /** @example Rustic Oak Coffee Table */
      name: string;
      /**
       * @description Generated from the name when absent
       * @example rustic-oak-coffee-table
       */
      slug?: string;
      /**
       * @description Plain text, kept as typed; tags are removed, and text that would still read as a tag is refused
       * @example Solid oak, oiled finish. 110 × 60 cm.
       */
      description?: string;
      /**
       * @description Price in minor units (cents)
       * @example 24900
       */
      price: number;
      /**
       * @description ISO 4217; the configured default when absent
       * @example EUR
       */
      currency?: string;
      /**
       * @default 0
       * @example 12
       */
      stock?: number;
      /**
       * Format: uuid
       * @description null: no category (on PATCH: uncategorise)
       */
      categoryId?: string | null;
      /**
       * @description false: unpublished, seen by staff only
       * @default true
       * @example true
       */
      isActive?: boolean;
    };
    UpdateProductDto: {
      /**
       * @description Stock-keeping unit, unique among live products
       * @example TBL-OAK-001
       */
      sku?: string;
      /** @example Rustic Oak Coffee Table */
      name?: string;
      /**
       * @description Generated from the name when absent
       * @example rustic-oak-coffee-table
       */
      slug?: string;
      /**
       * @description Plain text, kept as typed; tags are removed, and text that would still read as a tag is refused
       * @example Solid oak, oiled finish. 110 × 60 cm.
       */
      description?: string;
      /**
       * @description Price in minor units (cents)
       * @example 24900
       */
      price?: number;
      /**
       * @description ISO 4217; the configured default when absent
       * @example EUR
       */
      currency?: string;
      /**
       * Format: uuid
       * @description null: no category (on PATCH: uncategorise)
       */
      categoryId?: string | null;
      /**
       * @description false: unpublished, seen by staff only
       * @default true
       * @example true
       */
      isActive?: boolean;
    };
    StockAdjustmentDto: {
      /**
       * @description Units to add (positive) or remove (negative), not 0; stock stays within 0 and 2147483647
       * @example -3
       */
      delta: number;
      /** @example Damaged in transit */
      reason: string;
    };
    StockAdjustmentResultDto: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      productId: string;
      /** @example -3 */
      delta: number;
      /** @example Damaged in transit */
      reason: string;
      /** @example 9 */
      stockAfter: number;
      /** Format: date-time */
      createdAt: string;
    };
    CategoryPageDto: {
      data: components['schemas']['CategoryDto'][];
      page: components['schemas']['CursorPageInfoDto'];
    };
    CategoryDetailDto: {
      /** Format: uuid */
      id: string;
      /** @example Living Room */
      name: string;
      /** @example living-room */
      slug: string;
      /** @example Sofas, tables and shelves. */
      description: string;
      /** Format: uuid */
      parentId: string | null;
      /** @example 1 */
      version: number;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
      /**
       * @description Active products directly in this category
       * @example 42
       */
      productCount: number;
      /** @description With ?include=products: the first page of its products */
      products?: components['schemas']['ProductPageDto'];
    };
    CreateCategoryDto: {
      /** @example Living Room */
      name: string;
      /**
       * @description Generated from the name when absent
       * @example living-room
       */
      slug?: string;
      /**
       * @description Plain text, kept as typed; tags are removed, and text that would still read as a tag is refused
       * @example Sofas, tables and shelves.
       */
      description?: string;
      /**
       * Format: uuid
       * @description null: a top-level category (on PATCH: moves it to the top level)
       */
      parentId?: string | null;
    };
    UpdateCategoryDto: {
      /** @example Living Room */
      name?: string;
      /**
       * @description Generated from the name when absent
       * @example living-room
       */
      slug?: string;
      /**
       * @description Plain text, kept as typed; tags are removed, and text that would still read as a tag is refused
       * @example Sofas, tables and shelves.
       */
      description?: string;
      /**
       * Format: uuid
       * @description null: a top-level category (on PATCH: moves it to the top level)
       */
      parentId?: string | null;
    };
    PoolUsageDto: {
      /** @example 4 */
      total: number;
      /** @example 3 */
      idle: number;
      /** @example 0 */
      waiting: number;
    };
    DependencyStatusDto: {
      /**
       * @example up
       * @enum {string}
       */
      status: 'up' | 'down';
      /**
       * @description Why, when down
       * @enum {string}
       */
      message?: 'unreachable' | 'timed out';
      /**
       * @description Databases: connections of the pool
       * @example {
       *       "total": 4,
       *       "idle": 3,
       *       "waiting": 0
       *     }
       */
      pool?: components['schemas']['PoolUsageDto'];
      /**
       * @description Redis: shared, or in-process (single instance)
       * @example in-process (single instance)
       */
      mode?: string;
    };
    LivenessDto: {
      /**
       * @example ok
       * @enum {string}
       */
      status: 'ok';
    };
    ReadinessDto: {
      /**
       * @example ok
       * @enum {string}
       */
      status: 'ok';
      /**
       * @description Dependencies that are down while the instance still serves
       * @example [
       *       "redis"
       *     ]
       */
      degraded: string[];
      /**
       * @description Per dependency: `database:primary`, `database:replica-N`, `redis`, with details such as pool usage
       * @example {
       *       "database:primary": {
       *         "status": "up",
       *         "pool": {
       *           "total": 4,
       *           "idle": 3,
       *           "waiting": 0
       *         }
       *       },
       *       "redis": {
       *         "status": "down",
       *         "message": "unreachable"
       *       }
       *     }
       */
      details: {
        [key: string]: components['schemas']['DependencyStatusDto'];
      };
    };
    CreateWebhookDto: {
      /**
       * @description HTTPS, on a public address
       * @example https://erp.example.com/hooks/catalog
       */
      url: string;
      /**
       * @description The event types to deliver; empty or absent: all of them
       * @example [
       *       "product.created",
       *       "product.updated"
       *     ]
       */
      eventTypes?: (
        | 'product.created'
        | 'product.updated'
        | 'product.deleted'
        | 'product.stock_changed'
        | 'category.created'
        | 'category.updated'
        | 'category.deleted'
        | 'user.created'
        | 'user.updated'
      )[];
      /** @example ERP stock sync */
      description?: string | null;
      /**
       * @description Whether events are delivered
       * @default true
       */
      enabled?: boolean;
    };
    WebhookWithSecretDto: {
      /** Format: uuid */
      id: string;
      /** @example https://erp.example.com/hooks/catalog */
      url: string;
      /** @description Empty: every event type */
      eventTypes: (
        | 'product.created'
        | 'product.updated'
        | 'product.deleted'
        | 'product.stock_changed'
        | 'category.created'
        | 'category.updated'
        | 'category.deleted'
        | 'user.created'
        | 'user.updated'
      )[];
      description: string | null;
      enabled: boolean;
      /** @description Why the service disabled it, until it is enabled again */
      disabledReason: string | null;
      /** @description Deliveries in a row that failed after all their attempts */
      consecutiveFailures: number;
      /**
       * Format: date-time
       * @description Until then the previous secret also signs deliveries
       */
      previousSecretExpiresAt: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
      version: number;
      /**
       * @description The signing secret, shown this once: store it now
       * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
       */
      secret: string;
    };
    WebhookDto: {
      /** Format: uuid */
      id: string;
      /** @example https://erp.example.com/hooks/catalog */
      url: string;
      /** @description Empty: every event type */
      eventTypes: (
        | 'product.created'
        | 'product.updated'
        | 'product.deleted'
        | 'product.stock_changed'
        | 'category.created'
        | 'category.updated'
        | 'category.deleted'
        | 'user.created'
        | 'user.updated'
      )[];
      description: string | null;
      enabled: boolean;
      /** @description Why the service disabled it, until it is enabled again */
      disabledReason: string | null;
      /** @description Deliveries in a row that failed after all their attempts */
      consecutiveFailures: number;
      /**
       * Format: date-time
       * @description Until then the previous secret also signs deliveries
       */
      previousSecretExpiresAt: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
      version: number;
    };
    WebhookListDto: {
      data: components['schemas']['WebhookDto'][];
    };
    UpdateWebhookDto: {
      /**
       * @description HTTPS, on a public address
       * @example https://erp.example.com/hooks/catalog
       */
      url?: string;
      /**
       * @description The event types to deliver; empty or absent: all of them
       * @example [
       *       "product.created",
       *       "product.updated"
       *     ]
       */
      eventTypes?: (
        | 'product.created'
        | 'product.updated'
        | 'product.deleted'
        | 'product.stock_changed'
        | 'category.created'
        | 'category.updated'
        | 'category.deleted'
        | 'user.created'
        | 'user.updated'
      )[];
      /** @example ERP stock sync */
      description?: string | null;
      /**
       * @description Whether events are delivered
       * @default true
       */
      enabled?: boolean;
    };
    WebhookDeliveryDto: {
      /** Format: uuid */
      id: string;
      /**
       * Format: uuid
       * @description The event’s id, sent as `webhook-id` with every attempt
       */
      eventId: string;
      /** @enum {string} */
      eventType:
        | 'product.created'
        | 'product.updated'
        | 'product.deleted'
        | 'product.stock_changed'
        | 'category.created'
        | 'category.updated'
        | 'category.deleted'
        | 'user.created'
        | 'user.updated';
      /**
       * @description The event’s position in the change feed
       * @example 1842
       */
      eventPosition: string;
      /** Format: uuid */
      resourceId: string;
      /** @enum {string} */
      status: 'pending' | 'sending' | 'delivered' | 'failed';
      /** @description Attempts made so far */
      attempts: number;
      /**
       * Format: date-time
       * @description When the next attempt is due, while pending
       */
      nextAttemptAt: string | null;
      /** @description HTTP status of the latest attempt, null when there was no answer */
      lastStatusCode: number | null;
      /** @description Duration of the latest attempt in milliseconds */
      lastLatencyMs: number | null;
      /**
       * @description Why the latest attempt failed
       * @example http status 503
       */
      lastError: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      deliveredAt: string | null;
    };
    WebhookDeliveryPageDto: {
      data: components['schemas']['WebhookDeliveryDto'][];
      page: components['schemas']['CursorPageInfoDto'];
    };
  };
  responses: {
    /** @description Not Modified: the ETag you sent in If-None-Match is current; no body */
    NotModified: {
      headers: {
        ETag: components['headers']['ETag'];
        'X-Request-ID': components['headers']['RequestId'];
        [name: string]: unknown;
      };
      content?: never;
    };
    /** @description Too Many Requests: a rate limit is used up; retry after `Retry-After` seconds */
    TooManyRequests: {
      headers: {
        'X-Request-ID': components['headers']['RequestId'];
        'Retry-After': components['headers']['RetryAfter'];
        RateLimit: components['headers']['RateLimit'];
        'RateLimit-Policy': components['headers']['RateLimitPolicy'];
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "requestId": "5f0c2a9e-7d7b-4a43-9b1c-2f1de0b0c3a4",
         *       "type": "about:blank",
         *       "title": "Too Many Requests",
         *       "status": 429,
         *       "code": "TOO_MANY_REQUESTS",
         *       "detail": "Rate limit \"global\" exceeded",
         *       "instance": "/api/v1/products"
         *     }
         */
        'application/problem+json': components['schemas']['ProblemDetails'];
      };
    };
    /** @description Service Unavailable: a dependency is down or the instance is shutting down; nothing was done, retry after `Retry-After` seconds */
    ServiceUnavailable: {
      headers: {
        'X-Request-ID': components['headers']['RequestId'];
        'Retry-After': components['headers']['RetryAfter'];
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "requestId": "5f0c2a9e-7d7b-4a43-9b1c-2f1de0b0c3a4",
         *       "type": "about:blank",
         *       "title": "Service Unavailable",
         *       "status": 503,
         *       "code": "SERVICE_UNAVAILABLE",
         *       "detail": "The service is busy; retry shortly",
         *       "instance": "/api/v1/products"
         *     }
         */
        'application/problem+json': components['schemas']['ProblemDetails'];
      };
    };
    /** @description Payload Too Large: the body is over the size limit */
    PayloadTooLarge: {
      headers: {
        'X-Request-ID': components['headers']['RequestId'];
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "requestId": "5f0c2a9e-7d7b-4a43-9b1c-2f1de0b0c3a4",
         *       "type": "about:blank",
         *       "title": "Payload Too Large",
         *       "status": 413,
         *       "code": "PAYLOAD_TOO_LARGE",
         *       "detail": "Request body is too large",
         *       "instance": "/api/v1/products"
         *     }
         */
        'application/problem+json': components['schemas']['ProblemDetails'];
      };
    };
    /** @description Unsupported Media Type: send `application/json` */
    UnsupportedMediaType: {
      headers: {
        'X-Request-ID': components['headers']['RequestId'];
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "requestId": "5f0c2a9e-7d7b-4a43-9b1c-2f1de0b0c3a4",
         *       "type": "about:blank",
         *       "title": "Unsupported Media Type",
         *       "status": 415,
         *       "code": "UNSUPPORTED_MEDIA_TYPE",
         *       "detail": "Unsupported Media Type: text/plain",
         *       "instance": "/api/v1/products"
         *     }
         */
        'application/problem+json': components['schemas']['ProblemDetails'];
      };
    };
    /** @description Refused before routing: 414 URI Too Long, 431 Request Header Fields Too Large, 408 Request Timeout, or 400 for malformed HTTP */
    RefusedBeforeRouting: {
      headers: {
        'X-Request-ID': components['headers']['RequestId'];
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "requestId": "5f0c2a9e-7d7b-4a43-9b1c-2f1de0b0c3a4",
         *       "type": "about:blank",
         *       "title": "URI Too Long",
         *       "status": 414,
         *       "code": "URI_TOO_LONG",
         *       "detail": "A path segment is longer than 256 characters",
         *       "instance": "/api/v1/products"
         *     }
         */
        'application/problem+json': components['schemas']['ProblemDetails'];
      };
    };
  };
  parameters: {
    /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
    RequestId: string;
    /** @description ETags you hold (or `*`): 304 with no body when one is current */
    IfNoneMatch: string;
  };
  requestBodies: never;
  headers: {
    /** @description The id of this request (yours when you sent a well-formed one); in every log line and problem body of the request */
    RequestId: string;
    /** @description Remaining requests (`r`) and seconds until the window resets (`t`) per limit counted (draft-ietf-httpapi-ratelimit-headers) */
    RateLimit: string;
    /** @description Each limit counted: quota (`q`) per window of `w` seconds */
    RateLimitPolicy: string;
    /** @description Seconds to wait before trying again */
    RetryAfter: number;
    /** @description `true` when this answer is the stored answer of an earlier request with the same Idempotency-Key */
    IdempotentReplayed: 'true';
    /** @description Version tag: send it in If-None-Match (304) or If-Match (412 when stale) */
    ETag: string;
  };
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  AuditLogs_list: {
    parameters: {
      query?: {
        /** @description Page size */
        limit?: number;
        /** @description `page.nextCursor` of the previous page; omit for the first page */
        cursor?: string;
        /** @description The user who acted */
        actorId?: string;
        resourceType?: string;
        /** @description The id of the resource (with resourceType); a UUID matches in either case */
        resourceId?: string;
        action?: string;
        outcome?: 'success' | 'failure';
        /** @description From this instant (inclusive) */
        from?: string;
        /** @description Until this instant (exclusive) */
        to?: string;
      };
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AuditLogPageDto'];
        };
      };
      /** @description Invalid filters or cursor */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Auth_register: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RegisterDto'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RegisteredDto'];
        };
      };
      /** @description Invalid fields, weak password, or an unknown field such as role */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The email address is taken */
      409: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      /** @description Too many attempts from this address or for this account; see Retry-After */
      429: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          'Retry-After': components['headers']['RetryAfter'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Auth_login: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['LoginDto'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TokenPairDto'];
        };
      };
      /** @description Bad Request */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Invalid email or password */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      /** @description Too many attempts from this address or for this account; see Retry-After */
      429: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          'Retry-After': components['headers']['RetryAfter'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Auth_refresh: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RefreshDto'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TokenPairDto'];
        };
      };
      /** @description Bad Request */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Invalid, expired, revoked or already used refresh token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      /** @description Too many attempts from this address or for this account; see Retry-After */
      429: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          'Retry-After': components['headers']['RetryAfter'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Auth_logout: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No Content */
      204: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Auth_logoutAll: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No Content */
      204: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Users_me: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserResponseDto'];
        };
      };
      /** @description Invalid input or unknown fields */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Users_updateMe: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateMeDto'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserResponseDto'];
        };
      };
      /** @description Invalid input or unknown fields */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Users_list: {
    parameters: {
      query?: {
        /** @description Page size */
        limit?: number;
        /** @description `page.nextCursor` of the previous page; omit for the first page */
        cursor?: string;
        role?: 'customer' | 'admin' | 'superadmin';
        /** @description Case-insensitive prefix of the email address. */
        email?: string;
      };
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserPageDto'];
        };
      };
      /** @description Invalid input or unknown fields */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Users_get: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserResponseDto'];
        };
      };
      /** @description Invalid input or unknown fields */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not Found */
      404: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Users_changeRole: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateRoleDto'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserResponseDto'];
        };
      };
      /** @description Invalid input or unknown fields */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: superadmin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not Found */
      404: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Would leave no superadmin */
      409: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Users_disable: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserResponseDto'];
        };
      };
      /** @description Invalid input or unknown fields */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not Found */
      404: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Own account, or the last active superadmin */
      409: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Users_enable: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserResponseDto'];
        };
      };
      /** @description Invalid input or unknown fields */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not Found */
      404: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Own account */
      409: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  ApiKeys_list: {
    parameters: {
      query?: {
        /** @description Page size */
        limit?: number;
        /** @description `page.nextCursor` of the previous page; omit for the first page */
        cursor?: string;
      };
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApiKeyPageDto'];
        };
      };
      /** @description Invalid input, unknown fields or cursor */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  ApiKeys_create: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateApiKeyDto'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedApiKeyDto'];
        };
      };
      /** @description Invalid input, unknown fields or cursor */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  ApiKeys_get: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApiKeyDto'];
        };
      };
      /** @description Invalid input, unknown fields or cursor */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not Found */
      404: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  ApiKeys_revoke: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No Content */
      204: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input, unknown fields or cursor */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not Found */
      404: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  ChangeFeed_list: {
    parameters: {
      query?: {
        /** @description A cursor from an earlier page or event; omitted, the feed starts at its oldest retained event */
        after?: string;
        /** @description Event types to return, repeated or comma-separated in one value (all when omitted) */
        types?: (
          | 'product.created'
          | 'product.updated'
          | 'product.deleted'
          | 'product.stock_changed'
          | 'category.created'
          | 'category.updated'
          | 'category.deleted'
          | 'user.created'
          | 'user.updated'
        )[];
        limit?: number;
        /** @description Long polling: with nothing new, wait up to this many seconds for the next change before answering an empty page */
        wait?: number;
      };
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ChangePageDto'];
        };
      };
      /** @description Invalid cursor, types, limit or wait */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin, or an API key with scope: changes:read */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description `CHANGE_CURSOR_EXPIRED`: events after the cursor were purged; resync (see `head`) */
      410: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Products_list: {
    parameters: {
      query?: {
        /** @description Page size */
        limit?: number;
        /** @description `page.nextCursor` of the previous page; omit for the first page */
        cursor?: string;
        categoryId?: string;
        /** @description With categoryId: also products of its sub-categories, at any depth */
        includeDescendants?: boolean;
        /** @description Minimum price in cents */
        minPrice?: number;
        /** @description Maximum price in cents */
        maxPrice?: number;
        /** @description true: only products in stock */
        inStock?: boolean;
        /** @description Search: every word must match, as a whole word or the start of one, in the name or the description; one typo per word of 4 letters or more is corrected. Relevance order: all words in the name as whole words, then as starts of words, then name or description, then corrected typos; newest first within each */
        q?: string;
        /** @description Default -createdAt, or relevance with q */
        sort?: '-createdAt' | 'createdAt' | 'price' | '-price' | 'name' | '-name' | 'relevance';
        /** @description Either or both (repeated, or comma-separated in one value): adds `facets` with counts per category and per price bucket for the current search and filters */
        facets?: ('category' | 'price')[];
        /** @description Offset mode (back office): page number from 1, with page.total (for callers other than staff, counted up to 10000: see page.totalCapped); refused beyond 10000 rows */
        page?: number;
      };
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description HIT or MISS from the shared cache; BYPASS for a signed-in caller, or while the shared catalog state is out of reach */
          'X-Cache'?: 'HIT' | 'MISS' | 'BYPASS';
          /** @description Anonymous answers are public for a short time */
          'Cache-Control'?: string;
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProductPageDto'];
        };
      };
      /** @description Invalid or unknown fields, filters, sort or cursor */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Products_create: {
    parameters: {
      query?: never;
      header?: {
        /** @description A unique value (e.g. a UUID v4) making this request safe to retry: a retry with the same key and body gets the first response again, marked `Idempotent-Replayed: true`, and changes nothing. Kept 24 h by default. */
        'Idempotency-Key'?: string;
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateProductDto'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          /** @description The path of the new resource */
          Location?: string;
          ETag: components['headers']['ETag'];
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          'Idempotent-Replayed': components['headers']['IdempotentReplayed'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProductDto'];
        };
      };
      /** @description Invalid or unknown fields, filters, sort or cursor */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /**
       * @description sku or slug taken
       *
       *     `IDEMPOTENCY_KEY_IN_FLIGHT`: a request with this Idempotency-Key is still running; retry after `Retry-After` seconds
       */
      409: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      /** @description `IDEMPOTENCY_KEY_REUSED`: this Idempotency-Key was already used for a different request */
      422: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      /** @description `IDEMPOTENCY_UNAVAILABLE`: keys cannot be checked right now (nothing was done); retry after `Retry-After` seconds */
      503: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          'Retry-After': components['headers']['RetryAfter'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Products_suggestions: {
    parameters: {
      query: {
        /** @description What the shopper has typed so far; the last word counts as the start of a word, with one typo allowed from 4 letters */
        q: string;
        limit?: number;
      };
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description HIT or MISS from the shared cache; BYPASS for a signed-in caller, or while the shared catalog state is out of reach */
          'X-Cache'?: 'HIT' | 'MISS' | 'BYPASS';
          /** @description Anonymous answers are public for a short time */
          'Cache-Control'?: string;
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SuggestionsDto'];
        };
      };
      /** @description Invalid or unknown fields, filters, sort or cursor */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Products_get: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
        /** @description ETags you hold (or `*`): 304 with no body when one is current */
        'If-None-Match'?: components['parameters']['IfNoneMatch'];
      };
      path: {
        /** @description The product id (a UUID, either case) or its slug */
        idOrSlug: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description HIT or MISS from the shared cache; BYPASS for a signed-in caller, or while the shared catalog state is out of reach */
          'X-Cache'?: 'HIT' | 'MISS' | 'BYPASS';
          /** @description Anonymous answers are public for a short time */
          'Cache-Control'?: string;
          ETag: components['headers']['ETag'];
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProductDto'];
        };
      };
      304: components['responses']['NotModified'];
      /** @description Invalid or unknown fields, filters, sort or cursor */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description No such product, or unpublished and the caller is not staff */
      404: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Products_remove: {
    parameters: {
      query?: never;
      header?: {
        /** @description ETag from a GET: the change applies only to that version (412 otherwise) */
        'If-Match'?: string;
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path: {
        /** @description The product id (a UUID, either case); writes do not take a slug */
        idOrSlug: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No Content */
      204: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid or unknown fields, filters, sort or cursor */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not Found */
      404: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description `EDIT_CONFLICT`: changed by someone else meanwhile (send If-Match to get 412 instead) */
      409: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Precondition Failed */
      412: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Products_update: {
    parameters: {
      query?: never;
      header?: {
        /** @description ETag from a GET: the change applies only to that version (412 otherwise) */
        'If-Match'?: string;
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path: {
        /** @description The product id (a UUID, either case); writes do not take a slug */
        idOrSlug: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateProductDto'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProductDto'];
        };
      };
      /** @description Invalid or unknown fields, filters, sort or cursor */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not Found */
      404: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Changed by someone else meanwhile, or sku/slug taken */
      409: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description If-Match does not match the current version */
      412: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Products_adjustStock: {
    parameters: {
      query?: never;
      header?: {
        /** @description A unique value (e.g. a UUID v4) making this request safe to retry: a retry with the same key and body gets the first response again, marked `Idempotent-Replayed: true`, and changes nothing. Kept 24 h by default. */
        'Idempotency-Key'?: string;
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['StockAdjustmentDto'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          'Idempotent-Replayed': components['headers']['IdempotentReplayed'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StockAdjustmentResultDto'];
        };
      };
      /** @description Invalid or unknown fields, filters, sort or cursor */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not Found */
      404: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /**
       * @description `INSUFFICIENT_STOCK` below zero, or `STOCK_LIMIT_EXCEEDED` past 2147483647
       *
       *     `IDEMPOTENCY_KEY_IN_FLIGHT`: a request with this Idempotency-Key is still running; retry after `Retry-After` seconds
       */
      409: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      /** @description `IDEMPOTENCY_KEY_REUSED`: this Idempotency-Key was already used for a different request */
      422: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      /** @description `IDEMPOTENCY_UNAVAILABLE`: keys cannot be checked right now (nothing was done); retry after `Retry-After` seconds */
      503: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          'Retry-After': components['headers']['RetryAfter'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Categories_list: {
    parameters: {
      query?: {
        /** @description Page size */
        limit?: number;
        /** @description `page.nextCursor` of the previous page; omit for the first page */
        cursor?: string;
        /** @description Children of this category, or `none` for top-level categories; absent: all */
        parentId?: string;
      };
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description HIT or MISS from the shared cache; BYPASS for a signed-in caller, or while the shared catalog state is out of reach */
          'X-Cache'?: 'HIT' | 'MISS' | 'BYPASS';
          /** @description Anonymous answers are public for a short time */
          'Cache-Control'?: string;
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CategoryPageDto'];
        };
      };
      /** @description Invalid or unknown fields or parameters */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Categories_create: {
    parameters: {
      query?: never;
      header?: {
        /** @description A unique value (e.g. a UUID v4) making this request safe to retry: a retry with the same key and body gets the first response again, marked `Idempotent-Replayed: true`, and changes nothing. Kept 24 h by default. */
        'Idempotency-Key'?: string;
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateCategoryDto'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          /** @description The path of the new resource */
          Location?: string;
          ETag: components['headers']['ETag'];
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          'Idempotent-Replayed': components['headers']['IdempotentReplayed'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CategoryDto'];
        };
      };
      /** @description Invalid or unknown fields or parameters */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /**
       * @description slug taken
       *
       *     `IDEMPOTENCY_KEY_IN_FLIGHT`: a request with this Idempotency-Key is still running; retry after `Retry-After` seconds
       */
      409: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      /** @description `IDEMPOTENCY_KEY_REUSED`: this Idempotency-Key was already used for a different request */
      422: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      /** @description `IDEMPOTENCY_UNAVAILABLE`: keys cannot be checked right now (nothing was done); retry after `Retry-After` seconds */
      503: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          'Retry-After': components['headers']['RetryAfter'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Categories_get: {
    parameters: {
      query?: {
        /** @description Also return the first page of its products */
        include?: 'products';
      };
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
        /** @description ETags you hold (or `*`): 304 with no body when one is current */
        'If-None-Match'?: components['parameters']['IfNoneMatch'];
      };
      path: {
        /** @description The category id (a UUID, either case) or its slug */
        idOrSlug: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description HIT or MISS from the shared cache; BYPASS for a signed-in caller, or while the shared catalog state is out of reach */
          'X-Cache'?: 'HIT' | 'MISS' | 'BYPASS';
          /** @description Anonymous answers are public for a short time */
          'Cache-Control'?: string;
          ETag: components['headers']['ETag'];
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CategoryDetailDto'];
        };
      };
      304: components['responses']['NotModified'];
      /** @description Invalid or unknown fields or parameters */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not Found */
      404: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Categories_remove: {
    parameters: {
      query?: {
        /** @description true: delete even with products or sub-categories (products become uncategorised, sub-categories move up) */
        force?: boolean;
      };
      header?: {
        /** @description ETag from a GET: the change applies only to that version (412 otherwise) */
        'If-Match'?: string;
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path: {
        /** @description The category id (a UUID, either case); writes do not take a slug */
        idOrSlug: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No Content */
      204: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid or unknown fields or parameters */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not Found */
      404: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description `CATEGORY_NOT_EMPTY` (use force=true), or `EDIT_CONFLICT`: changed meanwhile */
      409: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Precondition Failed */
      412: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Categories_update: {
    parameters: {
      query?: never;
      header?: {
        /** @description ETag from a GET: the change applies only to that version (412 otherwise) */
        'If-Match'?: string;
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path: {
        /** @description The category id (a UUID, either case); writes do not take a slug */
        idOrSlug: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateCategoryDto'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          ETag: components['headers']['ETag'];
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CategoryDto'];
        };
      };
      /** @description Invalid or unknown fields or parameters */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not Found */
      404: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Changed meanwhile, or slug taken */
      409: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Precondition Failed */
      412: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Health_live: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LivenessDto'];
        };
      };
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Health_ready: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ReadinessDto'];
        };
      };
      /** @description Shutting down, or no database answers (`checks` holds the details) */
      503: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          'Retry-After': components['headers']['RetryAfter'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Webhooks_list: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookListDto'];
        };
      };
      /** @description Invalid input, or a URL deliveries may not reach */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Webhooks_create: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateWebhookDto'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookWithSecretDto'];
        };
      };
      /** @description Invalid input, or a URL deliveries may not reach */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Webhooks_get: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookDto'];
        };
      };
      /** @description Invalid input, or a URL deliveries may not reach */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not Found */
      404: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Webhooks_delete: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No Content */
      204: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input, or a URL deliveries may not reach */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not Found */
      404: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Webhooks_update: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateWebhookDto'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookDto'];
        };
      };
      /** @description Invalid input, or a URL deliveries may not reach */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not Found */
      404: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Webhooks_rotateSecret: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookWithSecretDto'];
        };
      };
      /** @description Invalid input, or a URL deliveries may not reach */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not Found */
      404: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Webhooks_listDeliveries: {
    parameters: {
      query?: {
        /** @description Page size */
        limit?: number;
        /** @description `page.nextCursor` of the previous page; omit for the first page */
        cursor?: string;
        status?: 'pending' | 'sending' | 'delivered' | 'failed';
      };
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookDeliveryPageDto'];
        };
      };
      /** @description Invalid input, or a URL deliveries may not reach */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not Found */
      404: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
  Webhooks_resend: {
    parameters: {
      query?: never;
      header?: {
        /** @description Your own id for this request (1 to 128 of `A-Z a-z 0-9 . _ : -`); one is made when absent or malformed */
        'X-Request-ID'?: components['parameters']['RequestId'];
      };
      path: {
        id: string;
        deliveryId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Accepted */
      202: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookDeliveryDto'];
        };
      };
      /** @description Invalid input, or a URL deliveries may not reach */
      400: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Missing, invalid, expired or revoked access token */
      401: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Requires role: admin */
      403: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not Found */
      404: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The subscription is disabled */
      409: {
        headers: {
          'X-Request-ID': components['headers']['RequestId'];
          RateLimit: components['headers']['RateLimit'];
          'RateLimit-Policy': components['headers']['RateLimitPolicy'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
      '4XX': components['responses']['RefusedBeforeRouting'];
    };
  };
}
