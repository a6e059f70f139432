import { Injectable } from '@nestjs/common';
import { type ComponentHealth, ReadinessChecks } from '@app/ops';
import { PbxActionsService } from './pbx-actions.service';

/**
 * The API's AMI sessions (click-to-call's, one per PBX) on the process's readiness list: `ami` is up while every one
 * is logged in. In the all-in-one process ingest adds its own sessions to the same component.
 */
@Injectable()
export class PbxSessionsReadiness {
  constructor(readiness: ReadinessChecks, pbxs: PbxActionsService) {
    readiness.add({
      component: 'ami',
      check(): Promise<ComponentHealth> {
        const all = pbxs.statuses();
        const details = Object.fromEntries(all.map((p) => [p.pbxId, p.connected ? 'connected' : 'disconnected']));
        return Promise.resolve({ status: all.every((p) => p.connected) ? 'up' : 'down', details });
      },
    });
  }
}
