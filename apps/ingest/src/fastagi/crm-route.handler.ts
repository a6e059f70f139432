import { Injectable } from '@nestjs/common';
import { CrmRouter, FALLBACK_DECISION, type RoutingDecision } from '@app/crm-routing';
import type { AgiSession } from '@app/fastagi';
import { crmChannelVariables } from './crm-channel-variables';

/** Time kept back from the lookup for the SET VARIABLE round trips to Asterisk. */
const COMMAND_RESERVE_MS = 50;

/** `AGI(agi://connector:4573/route)`: asks the CRM router, within the deadline, and sets the CRM_* variables. */
@Injectable()
export class CrmRouteHandler {
  constructor(private readonly router: CrmRouter) {}

  async handle(session: AgiSession): Promise<void> {
    await session.setVariables(crmChannelVariables(await this.decide(session)));
  }

  private async decide(session: AgiSession): Promise<RoutingDecision> {
    const remainingMs = session.remainingMs();
    try {
      return await this.router.route(
        { callerNumber: session.env.callerId, calledNumber: session.env.extension },
        { timeoutMs: remainingMs - Math.min(COMMAND_RESERVE_MS, remainingMs / 2) },
      );
    } catch {
      // The router is built never to reject; if it ever does, the call still gets its answer.
      return FALLBACK_DECISION;
    }
  }
}
