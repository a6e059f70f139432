import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AmiClient } from '@app/ami';
import { AppConfig, PbxConnectionConfig } from '@app/config';
import { PbxActionSession, PbxConnectionStatus } from './pbx-action-session';

interface PbxClients {
  readonly pbxId: string;
  readonly client: AmiClient;
  readonly originator: AmiClient;
}

/**
 * The API's own AMI connections, one per configured PBX (two when click-to-call has a user of its own), logged in
 * with `Events: off`: the API only sends actions, so it never competes with ingest for the event stream.
 */
@Injectable()
export class PbxActionsService implements OnModuleInit, OnModuleDestroy {
  private readonly sessions: ReadonlyMap<string, PbxClients>;

  constructor(config: AppConfig) {
    this.sessions = new Map(
      config.ami.pbxs.map((pbx) => {
        const client = createClient(pbx, `api-${pbx.pbxId}`);
        const originator = pbx.originator ? createClient(pbx.originator, `c2c-${pbx.pbxId}`) : client;
        return [pbx.pbxId, { pbxId: pbx.pbxId, client, originator }];
      }),
    );
  }

  private clients(): AmiClient[] {
    return [...new Set([...this.sessions.values()].flatMap(({ client, originator }) => [client, originator]))];
  }

  /** Not awaited: a PBX that is down must not hold up the boot; the client keeps reconnecting. */
  onModuleInit(): void {
    for (const { pbxId, client, originator } of this.sessions.values()) {
      for (const session of new Set([client, originator])) {
        session.start().catch((error: unknown) => {
          const reason = error instanceof Error ? error.message : String(error);
          new Logger(`PbxActions:${pbxId}`).warn(`first AMI login failed, retrying in the background: ${reason}`);
        });
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.clients().map((client) => client.stop()));
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
    return [...this.sessions.values()].map(({ pbxId, client, originator }) => ({
      pbxId,
      connected: client.isConnected && originator.isConnected,
    }));
  }
}

function createClient(pbx: PbxConnectionConfig, actionIdPrefix: string): AmiClient {
  const { host, port, username, secret, auth } = pbx;
  return new AmiClient(
    { host, port, username, secret, auth, events: 'off', actionIdPrefix },
    new Logger(`PbxActions:${pbx.pbxId}:${username}`),
  );
}
