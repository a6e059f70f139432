import type { AmiClient } from '@app/ami';

/** What the API may do with a PBX: send actions. The event stream belongs to ingest. */
export type AmiActionSender = Pick<AmiClient, 'action' | 'actionList' | 'nextActionId' | 'isConnected'>;

export interface PbxActionSession {
  readonly pbxId: string;
  /** AMI_URL's user: lists endpoints and channels */
  readonly client: AmiActionSender;
  /** click-to-call's user (AMI_ORIGINATE_URL), or `client` when the PBX has none */
  readonly originator: AmiActionSender;
}

export interface PbxConnectionStatus {
  readonly pbxId: string;
  readonly connected: boolean;
}
