import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { markTracerProviderRegistered } from './observability-runtime';
import { traceLogFields, traceLogMixin } from './trace-log-fields';

describe(traceLogFields.name, () => {
  const spanContext = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED };

  afterEach(() => context.disable());

  it('is empty without an OpenTelemetry SDK (no context manager registered)', () => {
    expect(context.with(trace.setSpanContext(ROOT_CONTEXT, spanContext), traceLogFields)).toEqual({});
  });

  describe('with a context manager', () => {
    beforeEach(() => context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()));

    it('gives the active span ids', () => {
      expect(context.with(trace.setSpanContext(ROOT_CONTEXT, spanContext), traceLogFields)).toEqual({
        traceId: spanContext.traceId,
        spanId: spanContext.spanId,
      });
    });

    it('is empty outside a span or for an invalid span context', () => {
      expect(traceLogFields()).toEqual({});
      const invalid = { ...spanContext, traceId: '00000000000000000000000000000000' };
      expect(context.with(trace.setSpanContext(ROOT_CONTEXT, invalid), traceLogFields)).toEqual({});
    });
  });
});

describe(traceLogMixin.name, () => {
  it('is no mixin at all until an SDK was started, then the span ids', () => {
    expect(traceLogMixin()).toBeUndefined();
    markTracerProviderRegistered();
    expect(traceLogMixin()).toBe(traceLogFields);
  });
});
