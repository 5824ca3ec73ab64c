import type { Span } from '@opentelemetry/api';
import { isProbePath } from './probe-requests';
import { nameServerSpanByRoute, otlpTracesUrl, redisStatement } from './tracing-options';

describe(otlpTracesUrl.name, () => {
  it.each([
    ['http://otel-collector:4318', 'http://otel-collector:4318/v1/traces'],
    ['http://otel-collector:4318/', 'http://otel-collector:4318/v1/traces'],
    ['https://collector.example/otlp', 'https://collector.example/otlp/v1/traces'],
  ])('%s → %s', (endpoint, url) => {
    expect(otlpTracesUrl(endpoint)).toBe(url);
  });
});

describe(nameServerSpanByRoute.name, () => {
  function fakeSpan() {
    const span = { setAttribute: jest.fn(), updateName: jest.fn() };
    return { span, sut: span as unknown as Span };
  }

  it('names the span after the route template and sets http.route', () => {
    const { span, sut } = fakeSpan();
    nameServerSpanByRoute(sut, { method: 'GET', url: '/api/v1/products/42?x=1', routeTemplate: '/api/v1/products/:idOrSlug' });
    expect(span.setAttribute).toHaveBeenCalledWith('http.route', '/api/v1/products/:idOrSlug');
    expect(span.updateName).toHaveBeenCalledWith('GET /api/v1/products/:idOrSlug');
  });

  it('leaves a request no route matched (and outgoing requests) as they are, never naming by raw URL', () => {
    const { span, sut } = fakeSpan();
    nameServerSpanByRoute(sut, { method: 'GET', url: '/api/v1/nope/42' });
    expect(span.setAttribute).not.toHaveBeenCalled();
    expect(span.updateName).not.toHaveBeenCalled();
  });
});

describe(redisStatement.name, () => {
  it('keeps the command name only (keys may carry e-mail addresses)', () => {
    expect(redisStatement('get')).toBe('get');
  });
});

describe(isProbePath.name, () => {
  it.each([
    ['/health/live', true],
    ['/health/ready?x=1', true],
    ['/metrics', true],
    ['/api/v1/products', false],
    ['/api/v1/health/x', false],
    [undefined, false],
  ])('%s → %s', (path, probe) => {
    expect(isProbePath(path)).toBe(probe);
  });
});
