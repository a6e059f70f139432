export type RoutingAction = 'forward' | 'voicemail' | 'default';

/** `cache`: answered from an earlier lookup; `crm`: looked up now; `fallback`: ELMA365 not consulted in time. */
export type RoutingSource = 'cache' | 'crm' | 'fallback';

export interface RoutingRequest {
  /** as Asterisk has it: `79161234567`, `89161234567`, `+7 916 ...`, `anonymous` */
  readonly callerNumber: string;
  /** the dialled DID, for the log */
  readonly calledNumber: string;
}

export interface RoutingDecision {
  readonly action: RoutingAction;
  /** the extension to ring first; null: the dialplan's usual destination */
  readonly extension: string | null;
  /** the contact's name for CALLERID(name) */
  readonly callerName: string | null;
  readonly source: RoutingSource;
}

export const FALLBACK_DECISION: RoutingDecision = Object.freeze({
  action: 'default',
  extension: null,
  callerName: null,
  source: 'fallback',
});
