import { collectDefaultMetrics, register } from 'prom-client';

/**
 * Gauges of prom-client's defaults that `promtool check metrics` rejects ("non-counter metrics should not have
 * _total suffix"). Each is the sum over the `type` label of a gauge that stays: `nodejs_active_handles` etc.
 */
export const MISNAMED_DEFAULT_METRICS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/**
 * prom-client's default process and Node.js metrics, once per process however many apps start in it, without
 * {@link MISNAMED_DEFAULT_METRICS}.
 */
export function collectProcessMetrics(): void {
  if (register.getSingleMetric('process_cpu_user_seconds_total')) return;
  collectDefaultMetrics();
  for (const name of MISNAMED_DEFAULT_METRICS) register.removeSingleMetric(name);
}
