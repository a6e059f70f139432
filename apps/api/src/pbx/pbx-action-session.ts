import type { AmiClient } from '@app/ami';

/** What the API may do with a PBX: send actions. The event stream belongs to ingest. */
export type AmiActionSender = Pick<AmiClient, 'action' | 'actionList' | 'nextActionId' | 'isConnected'>;

export interface PbxActionSession {
  readonly pbxId: string;
  readonly client: AmiActionSender;
}

export interface PbxConnectionStatus {
  readonly pbxId: string;
  readonly connected: boolean;
}
