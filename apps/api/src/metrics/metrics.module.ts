import { Module } from '@nestjs/common';
import { OpsModule } from '@app/ops';
import { PersistenceModule } from '@app/persistence';
import { QueueModule } from '@app/queue';
import { ApiReadinessModule } from '../health/api-readiness.module';
import { ConnectorMetricsCollector } from './connector-metrics.collector';
import { MetricsController } from './metrics.controller';
import { OriginateMetrics } from './originate.metrics';

/** /metrics: the process's one registry (OpsModule), with what the API itself adds to it. */
@Module({
  imports: [QueueModule, PersistenceModule, OpsModule, ApiReadinessModule],
  controllers: [MetricsController],
  providers: [ConnectorMetricsCollector, OriginateMetrics],
  exports: [OriginateMetrics],
})
export class MetricsModule {}
