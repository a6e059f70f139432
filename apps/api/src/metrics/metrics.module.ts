import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { QueueModule } from '@app/queue';
import { ConnectorMetricsCollector } from './connector-metrics.collector';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics.registry';

@Module({
  imports: [QueueModule, PersistenceModule],
  controllers: [MetricsController],
  providers: [MetricsRegistry, ConnectorMetricsCollector],
  exports: [MetricsRegistry],
})
export class MetricsModule {}
