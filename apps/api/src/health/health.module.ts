import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PersistenceModule } from '@app/persistence';
import { QueueModule } from '@app/queue';
import { PbxActionsModule } from '../pbx/pbx-actions.module';
import { HealthController } from './health.controller';
import { ReadinessService } from './readiness.service';

@Module({
  imports: [TerminusModule, QueueModule, PersistenceModule, PbxActionsModule],
  controllers: [HealthController],
  providers: [ReadinessService],
})
export class HealthModule {}
