/** What health and metrics read of one PBX's AMI session (ingest's PbxSession has this shape). */
export interface AmiSessionView {
  readonly pbx: { readonly pbxId: string };
  /** logged in right now */
  readonly connected: boolean;
  /** AMI events received since the process started */
  readonly eventCount: number;
  /** calls in progress */
  readonly liveCalls: number;
  /** calls gap-fill recovered from the PBX's CDR since the process started */
  readonly callsRecovered: number;
}

/** Read at every scrape or probe: sessions are never copied, so a value is as fresh as the session. */
export type AmiSessions = () => readonly AmiSessionView[];
