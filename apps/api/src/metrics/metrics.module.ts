import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { QueueModule } from '@app/queue';
import { ConnectorMetricsCollector } from './connector-metrics.collector';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from '@app/ops';
import { OriginateMetrics } from './originate.metrics';

@Module({
  imports: [QueueModule, PersistenceModule],
  controllers: [MetricsController],
  providers: [MetricsRegistry, ConnectorMetricsCollector, OriginateMetrics],
  exports: [MetricsRegistry, OriginateMetrics],
})
export class MetricsModule {}
