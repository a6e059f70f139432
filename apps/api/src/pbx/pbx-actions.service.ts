import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AmiClient } from '@app/ami';
import { AppConfig, PbxConnectionConfig } from '@app/config';
import { PbxActionSession, PbxConnectionStatus } from './pbx-action-session';

/**
 * The API's own AMI connections, one per configured PBX, logged in with `Events: off`: the API only sends
 * actions, so it never competes with ingest for the event stream.
 */
@Injectable()
export class PbxActionsService implements OnModuleInit, OnModuleDestroy {
  private readonly sessions: ReadonlyMap<string, { readonly pbxId: string; readonly client: AmiClient }>;

  constructor(config: AppConfig) {
    this.sessions = new Map(config.ami.pbxs.map((pbx) => [pbx.pbxId, { pbxId: pbx.pbxId, client: createClient(pbx) }]));
  }

  /** Not awaited: a PBX that is down must not hold up the boot; the client keeps reconnecting. */
  onModuleInit(): void {
    for (const { pbxId, client } of this.sessions.values()) {
      client.start().catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        new Logger(`PbxActions:${pbxId}`).warn(`first AMI login failed, retrying in the background: ${reason}`);
      });
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.sessions.values()].map(({ client }) => client.stop()));
  }

  /** The PBX with this id; without one, the first configured PBX (the only one in most offices). */
  get(pbxId?: string): PbxActionSession | undefined {
    if (pbxId === undefined) return this.sessions.values().next().value;
    return this.sessions.get(pbxId);
  }

  isConnected(pbxId: string): boolean {
    return this.sessions.get(pbxId)?.client.isConnected ?? false;
  }

  statuses(): PbxConnectionStatus[] {
    return [...this.sessions.values()].map(({ pbxId, client }) => ({ pbxId, connected: client.isConnected }));
  }
}

function createClient(pbx: PbxConnectionConfig): AmiClient {
  const { host, port, username, secret, auth } = pbx;
  return new AmiClient(
    { host, port, username, secret, auth, events: 'off', actionIdPrefix: `api-${pbx.pbxId}` },
    new Logger(`PbxActions:${pbx.pbxId}`),
  );
}
