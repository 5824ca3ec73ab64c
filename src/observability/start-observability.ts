import type { ObservabilityConfig } from '../config/observability.config';
import { markTracerProviderRegistered, onObservabilityShutdown, useServerErrorReporter } from './observability-runtime';

/**
 * Starts error monitoring (SENTRY_DSN) and tracing (OTEL_EXPORTER_OTLP_ENDPOINT), each only when configured.
 * The SDKs are required here, lazily: with both unset not one of their modules (nor a require hook) is
 * loaded, so the request path pays nothing for features that are off.
 */
export function startObservability({ sentry, otel }: ObservabilityConfig): void {
  const { endpoint } = otel;
  if (!sentry.dsn && !endpoint) return;
  const started = sentry.dsn ? loadSentrySetup().startSentry(sentry, Boolean(endpoint)) : undefined;
  const tracing = endpoint ? loadTracingSetup().startTracing({ ...otel, endpoint }, started?.bridge) : undefined;
  // Spans first: with Sentry tracing, its span processor hands them to the Sentry client closed next.
  if (tracing) onObservabilityShutdown(() => tracing.shutdown());
  if (started) {
    useServerErrorReporter(started.report);
    onObservabilityShutdown((timeoutMs) => started.close(timeoutMs));
  }
  // Either way an SDK now owns OpenTelemetry's context (Sentry alone registers its own provider).
  markTracerProviderRegistered();
}

function loadSentrySetup(): typeof import('./sentry-setup') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when configured (see above)
  return require('./sentry-setup');
}

function loadTracingSetup(): typeof import('./tracing-setup') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when configured (see above)
  return require('./tracing-setup');
}
