import { register } from 'prom-client';
import { collectProcessMetrics, MISNAMED_DEFAULT_METRICS } from './process-metrics';

describe(collectProcessMetrics.name, () => {
  afterAll(() => register.clear());

  it('registers the default process metrics once, however often it is called', () => {
    collectProcessMetrics();
    const names = register.getMetricsAsArray().map((metric) => metric.name);
    expect(() => collectProcessMetrics()).not.toThrow();
    expect(register.getMetricsAsArray().map((metric) => metric.name)).toEqual(names);
    expect(names).toEqual(expect.arrayContaining(['process_cpu_user_seconds_total', 'nodejs_eventloop_lag_seconds', 'nodejs_active_handles']));
  });

  it('leaves out the gauges whose names promtool rejects', () => {
    collectProcessMetrics();
    for (const name of MISNAMED_DEFAULT_METRICS) expect(register.getSingleMetric(name)).toBeUndefined();
  });
});
