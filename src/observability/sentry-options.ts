import type { Event, httpIntegration, NodeOptions } from '@sentry/nestjs';
import type { ObservabilityConfig } from '../config/observability.config';
import { isProbePath } from './probe-requests';

type Integration = { name: string };

/**
 * Default integrations we leave out: console breadcrumbs (other requests' output), release-health sessions
 * (one envelope per request batch that we do not use) and request data (URL, query, headers: the caller's,
 * not ours to send). `scrubEvent` removes the same fields again, whatever an integration adds.
 */
const UNWANTED_INTEGRATIONS = new Set(['Console', 'ProcessSession', 'RequestData']);

export interface SentryOptionsInput {
  sentry: ObservabilityConfig['sentry'];
  /** Our OpenTelemetry provider is the process's: Sentry must not register its own. */
  ownOpenTelemetry: boolean;
}

/** `Sentry.init` options from config; integrations are chosen separately (`selectIntegrations`). */
export function sentryOptionsFrom({ sentry, ownOpenTelemetry }: SentryOptionsInput): NodeOptions {
  return {
    dsn: sentry.dsn,
    environment: sentry.environment,
    sampleRate: sentry.sampleRate,
    // Sentry treats any defined rate, 0 included, as "tracing on" (spans, auto-instrumentation); 0 means errors only.
    tracesSampleRate: sentry.tracesSampleRate > 0 ? sentry.tracesSampleRate : undefined,
    sendDefaultPii: false,
    maxBreadcrumbs: 0,
    skipOpenTelemetrySetup: ownOpenTelemetry,
    // The service is CommonJS: import-in-the-middle's ESM loader hooks would only cost start-up time.
    registerEsmLoaderHooks: false,
    beforeSend: scrubEvent,
    beforeSendTransaction: scrubTransaction,
  };
}

/**
 * Sentry's HTTP integration, kept for what it does per request (an isolation scope, so concurrent requests'
 * errors do not share context), without release-health sessions, breadcrumbs or request bodies (passwords
 * arrive in them). Next to our OpenTelemetry setup our instrumentation makes the spans and injects the trace
 * headers, so Sentry's must not do either a second time.
 */
export function sentryHttpOptions(ownOpenTelemetry: boolean): Parameters<typeof httpIntegration>[0] {
  return {
    trackIncomingRequestsAsSessions: false,
    breadcrumbs: false,
    maxIncomingRequestBodySize: 'none',
    ignoreIncomingRequests: isProbePath,
    ...(ownOpenTelemetry && { spans: false, tracePropagation: false }),
  };
}

/**
 * Keeps Sentry's defaults minus the unwanted ones. With our own OpenTelemetry setup, `keepOnly` (Sentry's
 * integrations without performance ones) also drops Sentry's copies of the pg, ioredis and HTTP
 * instrumentations, which would otherwise patch those modules a second time and double every span.
 */
export function selectIntegrations<T extends Integration>(defaults: T[], keepOnly?: ReadonlySet<string>): T[] {
  return defaults.filter((integration) => !UNWANTED_INTEGRATIONS.has(integration.name) && (!keepOnly || keepOnly.has(integration.name)));
}

/**
 * The last word on what leaves the process (`beforeSend`): the error, its stack, runtime context and our tags;
 * of the caller only the user id and the HTTP method. No headers, cookies, body, URL, IP or e-mail.
 */
export function scrubEvent<T extends Event>(event: T): T {
  const { user, request, breadcrumbs: _breadcrumbs, ...rest } = event;
  return {
    ...rest,
    ...(user?.id !== undefined && { user: { id: user.id } }),
    ...(request?.method && { request: { method: request.method } }),
  } as T;
}

/**
 * Sentry's own auto-instrumentation (Sentry alone, traces on) makes a root transaction of every Redis command
 * outside a request (queue polling, rate-limit syncs) and of Fastify handlers of untraced probes: noise that
 * costs quota. Transactions start at a request, a job or the app's start; the rest are dropped.
 */
export function scrubTransaction<T extends Event>(event: T): T | null {
  const op = event.contexts?.trace?.op ?? '';
  return /^(db(\.|$)|request_handler\.)/.test(op) ? null : scrubEvent(event);
}
