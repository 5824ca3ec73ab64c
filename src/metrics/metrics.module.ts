import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { BusinessMetrics } from './business-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsServer } from './metrics-server';
import { collectProcessMetrics } from './process-metrics';

/**
 * `/metrics` (see MetricsController and MetricsServer) over prom-client's default registry, where any module's
 * metrics appear once registered (see `metric-registry.ts`). Global so that any module can inject {@link BusinessMetrics}.
 */
@Global()
@Module({
  // The default metrics are collected by collectProcessMetrics, which leaves out the ones promtool rejects.
  imports: [PrometheusModule.register({ path: '/metrics', controller: MetricsController, defaultMetrics: { enabled: false } })],
  providers: [MetricsServer, BusinessMetrics],
  exports: [BusinessMetrics],
})
export class MetricsModule implements OnModuleInit {
  onModuleInit(): void {
    collectProcessMetrics();
  }
}
