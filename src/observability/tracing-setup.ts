import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { ObservabilityConfig } from '../config/observability.config';
import type { SentryTracingBridge } from './sentry-setup';
import { isProbePath } from './probe-requests';
import { nameServerSpanByRoute, otlpTracesUrl, redisStatement } from './tracing-options';

export interface StartedTracing {
  shutdown(): Promise<void>;
}

/**
 * Registers the process's tracer provider (batching spans to `<endpoint>/v1/traces` as OTLP/HTTP JSON) and the
 * HTTP, pg and ioredis instrumentations. With Sentry on, `bridge` adds Sentry's sampler, span processor,
 * context manager and propagator to this one provider instead of Sentry registering a second one.
 */
export function startTracing(otel: ObservabilityConfig['otel'] & { endpoint: string }, bridge?: SentryTracingBridge): StartedTracing {
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: otel.serviceName })),
    // Absent, not undefined: only then does the SDK read OTEL_TRACES_SAMPLER (default parent-based, always on).
    ...(bridge?.sampler && { sampler: bridge.sampler }),
    spanProcessors: [...(bridge?.spanProcessors ?? []), new BatchSpanProcessor(new OTLPTraceExporter({ url: otlpTracesUrl(otel.endpoint) }))],
  });
  provider.register({ contextManager: bridge?.contextManager, propagator: bridge?.propagator });
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => isProbePath(request.url), applyCustomAttributesOnSpan: nameServerSpanByRoute }),
      // Only inside a traced request: replica LSN polling and rate-limit syncs would otherwise be a root trace each.
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true, dbStatementSerializer: redisStatement }),
    ],
  });
  return { shutdown: () => provider.shutdown() };
}
