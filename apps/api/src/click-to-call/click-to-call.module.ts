import { Module } from '@nestjs/common';
import { ExtensionsModule } from '../extensions/extensions.module';
import { MetricsModule } from '../metrics/metrics.module';
import { PbxActionsModule } from '../pbx/pbx-actions.module';
import { ClickToCallController } from './click-to-call.controller';
import { OriginateCallUseCase } from './usecases/originate-call/originate-call.usecase';
import { ClickToCallRateLimitGuard } from './rate-limit/click-to-call-rate-limit.guard';
import { ClickToCallRateLimiter } from './rate-limit/click-to-call.rate-limiter';

@Module({
  imports: [PbxActionsModule, ExtensionsModule, MetricsModule],
  controllers: [ClickToCallController],
  providers: [OriginateCallUseCase, ClickToCallRateLimiter, ClickToCallRateLimitGuard],
})
export class ClickToCallModule {}
