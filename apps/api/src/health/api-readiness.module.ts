import { Module } from '@nestjs/common';
import { OpsModule } from '@app/ops';
import { PersistenceModule } from '@app/persistence';
import { QueueModule } from '@app/queue';
import { ApiReadinessContributions } from './api-readiness.contributions';

/** The API's stores on the process's readiness list, which /health/ready and /metrics' connector_dependency_up read. */
@Module({
  imports: [QueueModule, PersistenceModule, OpsModule],
  providers: [ApiReadinessContributions],
  exports: [OpsModule],
})
export class ApiReadinessModule {}
