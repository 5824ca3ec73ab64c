import type { ContextManager, TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import type { Sampler, SpanProcessor } from '@opentelemetry/sdk-trace-node';
import * as Sentry from '@sentry/nestjs';
import { SentryPropagator, SentrySampler, SentrySpanProcessor } from '@sentry/opentelemetry';
import type { ObservabilityConfig } from '../config/observability.config';
import type { ServerErrorContext } from './observability-runtime';
import { selectIntegrations, sentryHttpOptions, sentryOptionsFrom } from './sentry-options';

/** What our OpenTelemetry provider needs so Sentry and OTLP share one provider, one context and one trace. */
export interface SentryTracingBridge {
  /** Sentry's sampler when Sentry samples traces; otherwise the SDK default (parent-based, always on). */
  sampler?: Sampler;
  spanProcessors: SpanProcessor[];
  contextManager: ContextManager;
  propagator: TextMapPropagator;
}

export interface StartedSentry {
  report(error: unknown, context: ServerErrorContext): void;
  close(timeoutMs: number): Promise<boolean>;
  /** Present when our own OpenTelemetry setup runs (`ownOpenTelemetry`). */
  bridge?: SentryTracingBridge;
}

/**
 * Initialises Sentry. Alone, it sets up OpenTelemetry itself (its own provider, context manager and, with a
 * traces sample rate, its auto-instrumentation). Next to our OTLP export it must not: `skipOpenTelemetrySetup`,
 * and we hand our provider Sentry's pieces instead (https://docs.sentry.io/platforms/javascript/guides/node/opentelemetry/custom-setup/).
 */
export function startSentry(sentry: ObservabilityConfig['sentry'], ownOpenTelemetry: boolean): StartedSentry {
  const keepOnly = ownOpenTelemetry ? new Set(['Nest', ...Sentry.getDefaultIntegrationsWithoutPerformance().map(({ name }) => name)]) : undefined;
  const client = Sentry.init({
    ...sentryOptionsFrom({ sentry, ownOpenTelemetry }),
    integrations: (defaults) => [
      ...selectIntegrations(defaults, keepOnly).filter(({ name }) => name !== 'Http'),
      Sentry.httpIntegration(sentryHttpOptions(ownOpenTelemetry)),
    ],
  });
  return {
    report: reportServerError,
    close: (timeoutMs) => Sentry.close(timeoutMs),
    bridge: ownOpenTelemetry && client ? tracingBridge(client, sentry.tracesSampleRate > 0) : undefined,
  };
}

function reportServerError(error: unknown, { status, method, requestId, route, userId }: ServerErrorContext): void {
  Sentry.withScope((scope) => {
    scope.setLevel(status === 503 ? 'warning' : 'error');
    scope.setTags({ requestId, route: route ?? '(no route)', ...(userId && { 'user.id': userId }) });
    if (userId) scope.setUser({ id: userId });
    // The default transaction name is the raw path (ids and all); the template groups and reads better.
    if (route) scope.setTransactionName(`${method} ${route}`);
    scope.setContext('response', { status_code: status });
    Sentry.captureException(error);
  });
}

function tracingBridge(client: Sentry.NodeClient, sentryTraces: boolean): SentryTracingBridge {
  return {
    // Sentry decides which traces it keeps; OTLP then receives the same traces, whole. At rate 0 Sentry takes
    // errors only and every trace goes to OTLP under the SDK's default sampler (OTEL_TRACES_SAMPLER).
    sampler: sentryTraces ? new SentrySampler(client) : undefined,
    spanProcessors: sentryTraces ? [new SentrySpanProcessor({ client })] : [],
    // Forks Sentry's scopes with each OpenTelemetry context, so an error is reported with its request's scope.
    contextManager: new Sentry.SentryContextManager(),
    // Incoming `traceparent` wins over `sentry-trace` (extractors run in order); outgoing requests carry both.
    propagator: new CompositePropagator({ propagators: [new SentryPropagator(), new W3CTraceContextPropagator()] }),
  };
}
