import type { ObservabilityConfig } from '../config/observability.config';

const mockLoaded: string[] = [];
const mockStartSentry = jest.fn(() => ({ report: jest.fn(), close: jest.fn(async () => true), bridge: { spanProcessors: [] } }));
const mockStartTracing = jest.fn(() => ({ shutdown: jest.fn(async () => undefined) }));

jest.mock('./sentry-setup', () => {
  mockLoaded.push('sentry-setup');
  return { startSentry: mockStartSentry };
});
jest.mock('./tracing-setup', () => {
  mockLoaded.push('tracing-setup');
  return { startTracing: mockStartTracing };
});

function config(overrides: { dsn?: string; endpoint?: string } = {}): ObservabilityConfig {
  return {
    sentry: { dsn: overrides.dsn, environment: 'test', sampleRate: 1, tracesSampleRate: 0 },
    otel: { endpoint: overrides.endpoint, serviceName: 'catalog-api' },
  };
}

describe('startObservability', () => {
  let startObservability: (config: ObservabilityConfig) => void;
  let hasTracerProvider: () => boolean;

  beforeEach(() => {
    jest.resetModules();
    mockLoaded.length = 0;
    jest.clearAllMocks();
    ({ startObservability } = jest.requireActual<typeof import('./start-observability')>('./start-observability'));
    ({ hasTracerProvider } = jest.requireActual<typeof import('./observability-runtime')>('./observability-runtime'));
  });

  it('with neither SENTRY_DSN nor an OTLP endpoint loads neither setup module', () => {
    startObservability(config());
    expect(mockLoaded).toEqual([]);
    expect(hasTracerProvider()).toBe(false);
  });

  it('with only a DSN starts Sentry with its own OpenTelemetry setup, and no OTLP tracing', () => {
    startObservability(config({ dsn: 'https://key@sentry.example/1' }));
    expect(mockLoaded).toEqual(['sentry-setup']);
    expect(mockStartSentry).toHaveBeenCalledWith(expect.objectContaining({ dsn: 'https://key@sentry.example/1' }), false);
    expect(hasTracerProvider()).toBe(true);
  });

  it('with only an endpoint starts OTLP tracing without Sentry', () => {
    startObservability(config({ endpoint: 'http://collector:4318' }));
    expect(mockLoaded).toEqual(['tracing-setup']);
    expect(mockStartTracing).toHaveBeenCalledWith({ endpoint: 'http://collector:4318', serviceName: 'catalog-api' }, undefined);
    expect(hasTracerProvider()).toBe(true);
  });

  it('with both, hands Sentry’s pieces to the one OpenTelemetry provider', () => {
    startObservability(config({ dsn: 'https://key@sentry.example/1', endpoint: 'http://collector:4318' }));
    expect(mockStartSentry).toHaveBeenCalledWith(expect.anything(), true);
    expect(mockStartTracing).toHaveBeenCalledWith(expect.anything(), { spanProcessors: [] });
  });
});
