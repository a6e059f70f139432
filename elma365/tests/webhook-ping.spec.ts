import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModulePingAnswerV1 } from '../../libs/elma365/src/webhook/webhook-payload';
import { VoipParseWebhookRequest as sut } from '../src/module';
import { MODULE_VERSION } from '../src/module-version';
import { pingAnswer } from '../src/ping-answer';
import { seeWebhookRequest } from '../src/webhook-request';
import {
  DIRECTION,
  DISPOSITION,
  EVENT,
  installElma365Globals,
  removeSdkEnums,
  sentAnswer,
  sentJson,
} from './elma365-globals';
import { bearerOnly, headerless, pingPayload, signedPayload } from './webhook-requests';

let consoleLog: jest.SpyInstance;

beforeEach(() => {
  consoleLog = jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => consoleLog.mockRestore());

describe('a ping (the doctor’s probe)', () => {
  it('is answered 200 with the run-time facts, as JSON text, and never becomes an event or a record', async () => {
    installElma365Globals();
    const ping = pingPayload();

    const result = await sut(signedPayload(ping));

    expect(result.event).toBeUndefined();
    expect(result.callRecord).toBeUndefined();
    expect(sentAnswer(result.response).status).toBe(200);
    const answer = sentJson(result.response) as ModulePingAnswerV1;
    expect(Object.keys(answer).sort()).toEqual([
      'bodyType',
      'headerNames',
      'id',
      'moduleVersion',
      'pong',
      'previousPingId',
      'sdk',
      'verificationMode',
    ]);
    expect(answer).toMatchObject({
      pong: true,
      id: ping.id,
      moduleVersion: MODULE_VERSION,
      verificationMode: 'signature',
      headerNames: ['authorization', 'content-type', 'webhook-id', 'webhook-signature', 'webhook-timestamp'],
      bodyType: 'string',
      sdk: { VoipWebhookEvent: EVENT, VoipCallDirection: DIRECTION, VoipCallDisposition: DISPOSITION },
    });
  });

  it('builds exactly the answer the connector reads (ModulePingAnswerV1)', () => {
    installElma365Globals();
    const seen = seeWebhookRequest({ method: 'POST', body: '{}', headers: { 'X-B': '1', 'x-a': '2' } });

    const answer: ModulePingAnswerV1 = pingAnswer('ping:1', 'token', seen, 'ping:0');

    expect(answer).toEqual({
      pong: true,
      id: 'ping:1',
      moduleVersion: MODULE_VERSION,
      verificationMode: 'token',
      headerNames: ['x-a', 'x-b'],
      bodyType: 'string',
      sdk: { VoipWebhookEvent: EVENT, VoipCallDirection: DIRECTION, VoipCallDisposition: DISPOSITION },
      previousPingId: 'ping:0',
    });
  });

  it('reports the previous ping’s id: module-level state survives between calls', async () => {
    installElma365Globals();
    const first = pingPayload();
    const second = pingPayload();

    await sut(signedPayload(first));
    const result = await sut(signedPayload(second));

    expect(sentJson(result.response)).toMatchObject({ id: second.id, previousPingId: first.id });
  });

  it('logs one line per ping with the same facts, for an admin whose ELMA365 does not relay the answer', async () => {
    installElma365Globals({ verificationMode: 'token' });
    const ping = pingPayload();

    const result = await sut(bearerOnly(ping));

    expect(consoleLog).toHaveBeenCalledTimes(1);
    const line = String(consoleLog.mock.calls[0][0]);
    expect(line).not.toContain('\n');
    expect(line).toContain(sentAnswer(result.response).content);
    expect(sentJson(result.response)).toMatchObject({
      verificationMode: 'token',
      headerNames: ['authorization', 'content-type'],
    });
  });

  it('reports null for the enums this ELMA365 does not have', async () => {
    installElma365Globals({ verificationMode: 'url' });
    removeSdkEnums();

    const result = await sut(headerless(pingPayload()));

    expect(sentJson(result.response)).toMatchObject({
      verificationMode: 'url',
      headerNames: [],
      sdk: { VoipWebhookEvent: null, VoipCallDirection: null, VoipCallDisposition: null },
    });
  });

  it('is authenticated like any other payload', async () => {
    installElma365Globals();
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);

    const result = await sut(bearerOnly(pingPayload()));

    expect(sentAnswer(result.response).status).toBe(401);
    expect(sentJson(result.response)).not.toHaveProperty('pong');
    error.mockRestore();
  });
});

describe('the module version', () => {
  it("equals package.json's version", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string };

    expect(MODULE_VERSION).toBe(pkg.version);
  });
});
