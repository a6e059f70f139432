import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PbxActionsModule } from '../pbx/pbx-actions.module';
import { ApiReadinessModule } from './api-readiness.module';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule, ApiReadinessModule, PbxActionsModule],
  controllers: [HealthController],
})
export class HealthModule {}
