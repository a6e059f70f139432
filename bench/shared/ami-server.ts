import { formatAmiBlock } from '@app/pbx-simulator';
import { AmiTestServer } from '@app/testing';

/**
 * An AMI test server for the connector to log in to, with no recorded session: the benchmark writes the calls.
 * CoreShowChannels (the ingest's resync after login) gets an empty channel list, as from an idle PBX.
 */
export async function idlePbx(): Promise<AmiTestServer> {
  const server = await AmiTestServer.start();
  server.onAction('CoreShowChannels', (action, connection) => {
    const id = action.actionId ?? '';
    connection.send(
      formatAmiBlock({ Response: 'Success', ActionID: id, EventList: 'start', Message: 'Channels will follow' }) +
        formatAmiBlock({ Event: 'CoreShowChannelsComplete', ActionID: id, EventList: 'Complete', ListItems: '0' }),
    );
  });
  return server;
}

/** AMI_URL for the connector, under `pbxId`. */
export function amiUrlOf(server: AmiTestServer, pbxId: string): string {
  return `ami://${server.username}:${encodeURIComponent(server.secret)}@127.0.0.1:${server.port}/${pbxId}`;
}
