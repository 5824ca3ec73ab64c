import { isSpanContextValid, trace } from '@opentelemetry/api';
import { hasTracerProvider } from './observability-runtime';

export interface TraceLogFields {
  traceId?: string;
  spanId?: string;
}

/**
 * The active span's ids for a log line, or `{}` outside a span. Cheap enough for every line: without a
 * registered OpenTelemetry SDK the API's no-op context manager answers at once.
 */
export function traceLogFields(): TraceLogFields {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { traceId: spanContext.traceId, spanId: spanContext.spanId };
}

/**
 * A pino `mixin` adding the active span's ids to each line, or `undefined` (no mixin at all) when no SDK was
 * started: then no span can be active, and lines should not pay for asking. Call it when the logger is built,
 * after `instrument.ts` ran.
 */
export function traceLogMixin(): (() => TraceLogFields) | undefined {
  return hasTracerProvider() ? traceLogFields : undefined;
}
