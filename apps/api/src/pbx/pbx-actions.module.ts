import { Module } from '@nestjs/common';
import { OpsModule } from '@app/ops';
import { PbxActionsService } from './pbx-actions.service';
import { PbxSessionsReadiness } from './pbx-sessions.readiness';

/** One action-only AMI session per configured PBX, shared by every API feature that talks to Asterisk. */
@Module({
  imports: [OpsModule],
  providers: [PbxActionsService, PbxSessionsReadiness],
  exports: [PbxActionsService],
})
export class PbxActionsModule {}
