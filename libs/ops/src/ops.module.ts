import { Module } from '@nestjs/common';
import { MetricsRegistry } from './metrics.registry';
import { ReadinessChecks } from './readiness-checks';
import { registerReadinessGauge } from './readiness.gauge';

/**
 * The process's metrics registry and readiness list. Nest makes one module instance per app, so every module that
 * imports this one (ingest, worker, the API's) adds to the same two: the all-in-one app serves them all on /metrics.
 */
@Module({
  providers: [
    MetricsRegistry,
    {
      provide: ReadinessChecks,
      inject: [MetricsRegistry],
      useFactory: (registry: MetricsRegistry): ReadinessChecks => {
        const checks = new ReadinessChecks();
        registerReadinessGauge(registry, () => checks.list);
        return checks;
      },
    },
  ],
  exports: [MetricsRegistry, ReadinessChecks],
})
export class OpsModule {}
