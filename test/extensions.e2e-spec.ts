import type { AddressInfo } from 'node:net';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AmiMessage } from '@app/ami';
import { AppConfig, ConfigModule, loadConfig } from '@app/config';
import { AmiTestServer, waitFor, type AmiTestConnection } from '@app/testing';
import { configureHttpApp } from '../apps/api/src/common/configure-http-app';
import { ExtensionsModule } from '../apps/api/src/extensions/extensions.module';
import { PbxActionsService } from '../apps/api/src/pbx/pbx-actions.service';

function answerEndpoints(action: AmiMessage, connection: AmiTestConnection): void {
  const ActionID = action.actionId ?? '';
  connection.respond(action, 'Success', { EventList: 'start', Message: 'A listing of Endpoints follows' });
  const endpoints: Record<string, string>[] = [
    { ObjectName: 'mts-trunk', DeviceState: 'Not in use' },
    { ObjectName: '1002', DeviceState: 'Ring+Inuse', CallerID: '"Борис Петров" <1002>' },
    { ObjectName: '1001', DeviceState: 'Not in use', CallerID: '"Anna" <1001>' },
    { ObjectName: '1003', DeviceState: 'Unavailable' },
  ];
  for (const fields of endpoints) {
    connection.sendBlock({ Event: 'EndpointList', ActionID, ObjectType: 'endpoint', Transport: '', ...fields });
  }
  connection.sendBlock({ Event: 'EndpointListComplete', ActionID, EventList: 'Complete', ListItems: '4' });
}

/** chan_sip on older Asterisk: one phone and one trunk. */
function answerSipPeers(action: AmiMessage, connection: AmiTestConnection): void {
  const ActionID = action.actionId ?? '';
  connection.respond(action, 'Success', { EventList: 'start', Message: 'Peer status list will follow' });
  connection.sendBlock({
    Event: 'PeerEntry',
    ActionID,
    Channeltype: 'SIP',
    ObjectName: '2001',
    Description: 'Склад',
    Status: 'OK (5 ms)',
  });
  connection.sendBlock({
    Event: 'PeerEntry',
    ActionID,
    Channeltype: 'SIP',
    ObjectName: 'beeline',
    Description: '',
    Status: 'OK (9 ms)',
  });
  connection.sendBlock({ Event: 'PeerlistComplete', ActionID, EventList: 'Complete', ListItems: '2' });
}

describe('GET /api/v1/extensions (e2e, AMI over TCP)', () => {
  let server: AmiTestServer;
  let app: NestExpressApplication;
  let baseUrl: string;

  beforeAll(async () => {
    server = await AmiTestServer.start();
    server.onAction('PJSIPShowEndpoints', answerEndpoints);
    const config = loadConfig({ AMI_URL: `ami://crm:crmS3cret@127.0.0.1:${server.port}/office` });
    const moduleRef = await Test.createTestingModule({ imports: [ConfigModule, ExtensionsModule] })
      .overrideProvider(AppConfig)
      .useValue(config)
      .compile();
    app = configureHttpApp(moduleRef.createNestApplication<NestExpressApplication>({ logger: false }));
    await app.listen(0, '127.0.0.1');
    await waitFor(() => app.get(PbxActionsService).isConnected('office'), { what: 'API AMI login' });
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.close();
    await server?.close();
  });

  const list = (query = '') => fetch(`${baseUrl}/api/v1/extensions${query}`);

  it('logs in with Events: off: the API only sends actions', () => {
    expect(server.actionsNamed('Login').map((a) => a.message.get('Events'))).toEqual(['off']);
    expect(app.get(PbxActionsService).statuses()).toEqual([{ pbxId: 'office', connected: true }]);
  });

  it('lists the internal PJSIP endpoints with names and states, trunks left out (chan_sip absent is fine)', async () => {
    const response = await list();

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([
      { extension: '1001', name: 'Anna', pbxId: 'office', technology: 'PJSIP', state: 'idle' },
      { extension: '1002', name: 'Борис Петров', pbxId: 'office', technology: 'PJSIP', state: 'ringing' },
      { extension: '1003', name: '1003', pbxId: 'office', technology: 'PJSIP', state: 'unavailable' },
    ]);
    expect(server.actionsNamed('SIPpeers')).toHaveLength(1);
  });

  it('serves the cached list without asking the PBX again', async () => {
    const asked = server.actionsNamed('PJSIPShowEndpoints').length;

    const response = await list('?pbxId=office');

    expect(response.status).toBe(200);
    expect(await response.json()).toHaveLength(3);
    expect(server.actionsNamed('PJSIPShowEndpoints')).toHaveLength(asked);
  });

  it('answers 404 for an unknown PBX and 400 for a malformed id', async () => {
    const unknown = await list('?pbxId=branch');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { code: string }).code).toBe('EXTENSIONS_PBX_NOT_FOUND');

    expect((await list('?pbxId=a%0D%0Ab')).status).toBe(400);
  });

  it('answers 503 when the AMI connection is down', async () => {
    await server.close();
    await waitFor(() => !app.get(PbxActionsService).isConnected('office'), { what: 'AMI disconnect' });

    const response = await list();

    expect(response.status).toBe(503);
    expect(((await response.json()) as { code: string }).code).toBe('EXTENSIONS_PBX_UNAVAILABLE');
  });
});

describe('GET /api/v1/extensions with chan_sip peers (e2e)', () => {
  let server: AmiTestServer;
  let app: NestExpressApplication;

  beforeAll(async () => {
    server = await AmiTestServer.start();
    server.onAction('PJSIPShowEndpoints', answerEndpoints).onAction('SIPpeers', answerSipPeers);
    const config = loadConfig({
      AMI_URL: `ami://crm:crmS3cret@127.0.0.1:${server.port}/office`,
      EXTENSIONS_CACHE_SECONDS: '0',
    });
    const moduleRef = await Test.createTestingModule({ imports: [ConfigModule, ExtensionsModule] })
      .overrideProvider(AppConfig)
      .useValue(config)
      .compile();
    app = configureHttpApp(moduleRef.createNestApplication<NestExpressApplication>({ logger: false }));
    await app.listen(0, '127.0.0.1');
    await waitFor(() => app.get(PbxActionsService).isConnected('office'), { what: 'API AMI login' });
  });

  afterAll(async () => {
    await app?.close();
    await server?.close();
  });

  it('adds SIP peers with their Description as the name, and asks again once the cache expired', async () => {
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api/v1/extensions`;

    const first = (await (await fetch(url)).json()) as { extension: string }[];
    await new Promise((resolve) => setTimeout(resolve, 5));
    await fetch(url);

    expect(first).toContainEqual({
      extension: '2001',
      name: 'Склад',
      pbxId: 'office',
      technology: 'SIP',
      state: 'unknown',
    });
    expect(first.map((e) => e.extension)).toEqual(['1001', '1002', '1003', '2001']);
    expect(server.actionsNamed('PJSIPShowEndpoints')).toHaveLength(2);
  });
});
