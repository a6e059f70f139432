import { Module } from '@nestjs/common';
import { PbxActionsService } from './pbx-actions.service';

/** One action-only AMI session per configured PBX, shared by every API feature that talks to Asterisk. */
@Module({
  providers: [PbxActionsService],
  exports: [PbxActionsService],
})
export class PbxActionsModule {}
