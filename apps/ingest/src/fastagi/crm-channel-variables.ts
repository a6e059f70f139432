import type { RoutingDecision } from '@app/crm-routing';

/** The AGI script path the dialplan calls: `AGI(agi://connector:4573/route)`. */
export const CRM_ROUTE_SCRIPT = 'route';

/** What the dialplan reads after the AGI; documented in docker/asterisk/fastagi-routing.conf. */
export function crmChannelVariables(decision: RoutingDecision): Record<string, string> {
  return {
    CRM_ACTION: decision.action,
    CRM_EXTENSION: decision.extension ?? '',
    CRM_CALLER_NAME: decision.callerName ?? '',
    CRM_LOOKUP: decision.source,
  };
}
