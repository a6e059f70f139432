export type CallDirection = 'in' | 'out' | 'internal';

export type CallDisposition = 'answered' | 'no_answer' | 'abandoned' | 'busy' | 'failed';

export interface CallTransfer {
  kind: 'blind' | 'attended';
  /** the extension that transferred */
  from: string | null;
  /** the extension (or number) the call was handed to */
  to: string | null;
  at: string;
}

/** One finished call as a CRM user sees it: transfers and ring-group legs stay inside ONE record. */
export interface CallRecord {
  /** `<pbxId>:<linkedid>` */
  callId: string;
  pbxId: string;
  linkedid: string;
  direction: CallDirection;
  /** inbound: the client's number; outbound and internal: the calling extension */
  from: string | null;
  /** inbound: the dialled number (DID); outbound: the client's number; internal: the dialled extension */
  to: string | null;
  answeredBy: string | null;
  disposition: CallDisposition;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string;
  waitSeconds: number | null;
  talkSeconds: number | null;
  extensions: string[];
  transfers: CallTransfer[];
  queue: string | null;
  recording: string | null;
  /** Hangup cause of the first channel, e.g. 16 */
  hangupCause: number | null;
  legs: CallLeg[];
}

/** One dial attempt inside the call, for the detail view and support. */
export interface CallLeg {
  channel: string;
  party: string | null;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  dialStatus: string | null;
  hangupCause: number | null;
}
