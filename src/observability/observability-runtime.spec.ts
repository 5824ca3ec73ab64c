import { captureServerError, onObservabilityShutdown, shutdownObservability, useServerErrorReporter } from './observability-runtime';

describe('observability runtime', () => {
  const failure = { status: 500, method: 'GET', requestId: 'r-1', route: '/api/v1/products/:id', userId: 'u-1' };

  it('capturing without a reporter (no DSN) does nothing', () => {
    expect(() => captureServerError(new Error('boom'), failure)).not.toThrow();
  });

  it('hands 5xx to the registered reporter', () => {
    const reporter = jest.fn();
    useServerErrorReporter(reporter);
    const error = new Error('boom');
    captureServerError(error, failure);
    expect(reporter).toHaveBeenCalledWith(error, failure);
  });

  it('stops in registration order, once, even when one stopper fails', async () => {
    const order: string[] = [];
    onObservabilityShutdown(async () => void order.push('spans'));
    onObservabilityShutdown(() => Promise.reject(new Error('unreachable')));
    onObservabilityShutdown(async () => void order.push('sentry'));
    await shutdownObservability(1_000);
    await shutdownObservability(1_000);
    expect(order).toEqual(['spans', 'sentry']);
  });

  it('gives up after the timeout when a receiver never answers', async () => {
    onObservabilityShutdown(() => new Promise(() => undefined));
    const started = Date.now();
    await shutdownObservability(50);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
