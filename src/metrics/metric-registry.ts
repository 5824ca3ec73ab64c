import { Counter, Gauge, Histogram, register, type CounterConfiguration, type GaugeConfiguration, type HistogramConfiguration } from 'prom-client';

/**
 * Metrics live in prom-client's default registry, the one `/metrics` serves (and @willsoto/nestjs-prometheus
 * fills with the default process metrics). It is process-wide while Nest apps are not: several apps in one process
 * (the e2e tests) must share a metric, not register it twice, which prom-client refuses. These helpers return the
 * metric already registered under the name, or register it.
 *
 * A reused metric keeps its first definition, `collect` included; asking for a name registered as another type
 * or with other labels is a programming error and throws.
 */
export function counter<L extends string>(config: CounterConfiguration<L>): Counter<L> {
  return existing(config.name, Counter, config.labelNames) ?? new Counter(config);
}

/** @see counter */
export function gauge<L extends string>(config: GaugeConfiguration<L>): Gauge<L> {
  return existing(config.name, Gauge, config.labelNames) ?? new Gauge(config);
}

/** @see counter */
export function histogram<L extends string>(config: HistogramConfiguration<L>): Histogram<L> {
  return existing(config.name, Histogram, config.labelNames) ?? new Histogram(config);
}

function existing<T>(name: string, type: abstract new (...args: never[]) => T, labelNames: readonly string[] = []): T | undefined {
  const metric = register.getSingleMetric(name);
  if (!metric) return undefined;
  const registeredLabels = (metric as { labelNames?: readonly string[] }).labelNames ?? [];
  if (!(metric instanceof type) || registeredLabels.join() !== labelNames.join()) {
    throw new Error(`Metric ${name} is already registered with another type or other labels`);
  }
  return metric;
}
