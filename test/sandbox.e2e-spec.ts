/**
 * The first-run sandbox: a simulated Asterisk playing the recorded calls with fresh ids and current times, and
 * an ELMA365 stand-in showing the webhooks it received. Over real TCP/HTTP on 127.0.0.1.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AmiClient, AmiMessage } from '@app/ami';
import { CallRecord, CallTracker } from '@app/calls';
import { signWebhook } from '@app/elma365';
import { CallPlay, loadCallScenario, Sandbox, SANDBOX_PBX_ID, startSandbox } from '@app/sandbox';

const TRACES_DIR = path.resolve(__dirname, '../../shared/ami-traces');

interface TruthRecord {
  direction: string;
  disposition: string;
  answeredBy: string | null;
}

function truth(scenario: string): TruthRecord[] {
  return JSON.parse(readFileSync(path.join(TRACES_DIR, `${scenario}.truth.json`), 'utf8')) as TruthRecord[];
}

function recordedUniqueids(prefix: string): Set<string> {
  const ids = new Set<string>();
  for (const event of loadCallScenario(TRACES_DIR, prefix).events) {
    for (const [name, value] of event) if (/(uniqueid|linkedid)$/i.test(name) && value !== '') ids.add(value);
  }
  return ids;
}

async function until<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('sandbox', () => {
  let sandbox: Sandbox;
  let client: AmiClient;
  const plays: CallPlay[] = [];
  const events: AmiMessage[] = [];
  const records: CallRecord[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ tracesDir: TRACES_DIR, speed: 20, pauseMs: 100, onPlay: (p) => plays.push(p) });
    const url = new URL(sandbox.amiUrl.replace(/^ami:/, 'http:'));
    const tracker = new CallTracker({ pbxId: SANDBOX_PBX_ID });
    const state = tracker.createState();
    client = new AmiClient({
      host: url.hostname,
      port: Number(url.port),
      username: decodeURIComponent(url.username),
      secret: decodeURIComponent(url.password),
      keepaliveIntervalMs: 0,
    });
    client.on('event', (message, receivedAtMs) => {
      events.push(message);
      for (const event of tracker.apply(state, message, receivedAtMs)) {
        if (event.type === 'call.finished') records.push(event.record);
      }
    });
    await client.start();
  });

  afterAll(async () => {
    await client?.stop();
    await sandbox?.close();
  });

  it('gives URLs and credentials for the connector', () => {
    expect(sandbox.amiUrl).toMatch(/^ami:\/\/sandbox:[0-9a-f]+@127\.0\.0\.1:\d+\/sandbox$/);
    expect(sandbox.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook$/);
    expect(sandbox.pageUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(sandbox.webhookToken.length).toBeGreaterThanOrEqual(32);
  });

  it('plays calls with fresh ids and current timestamps, which the tracker turns into the recorded outcomes', async () => {
    await until(() => (records.length >= 2 ? records : undefined), 10_000, 'two finished calls');
    const now = Date.now();
    const recorded = new Set([...recordedUniqueids('01'), ...recordedUniqueids('02')]);
    const uniqueids = events.map((e) => e.get('Uniqueid')).filter((id): id is string => id !== undefined);
    expect(uniqueids.length).toBeGreaterThan(0);
    expect(uniqueids.filter((id) => recorded.has(id))).toEqual([]);
    for (const event of events) {
      const ts = event.get('Timestamp');
      if (ts !== undefined) expect(Math.abs(Number(ts) * 1000 - now)).toBeLessThan(60_000);
    }
    // each finished call is a play of its own, with its own ids, and the outcome its scenario recorded
    const finished = records.slice(0, 2).map((record) => {
      const play = plays.find((p) => p.linkedids.some((id) => record.callId === `${SANDBOX_PBX_ID}:${id}`));
      if (play === undefined) throw new Error(`no play for ${record.callId}`);
      return { record, play };
    });
    expect(finished[0].play).not.toBe(finished[1].play);
    expect(finished[0].play.linkedids.some((id) => finished[1].play.linkedids.includes(id))).toBe(false);
    expect(finished.map((f) => f.play.scenario)).toEqual(['01-inbound-answered', '02-inbound-answered-agent-hangs-up']);
    for (const { record, play } of finished) {
      const expected = truth(play.scenario)[0];
      expect({ direction: record.direction, disposition: record.disposition, answeredBy: record.answeredBy }).toEqual({
        direction: expected.direction,
        disposition: expected.disposition,
        answeredBy: expected.answeredBy,
      });
      expect(Math.abs(Date.parse(record.startedAt) - now)).toBeLessThan(60_000);
    }
  });

  it('answers CoreShowChannels with an empty list and PJSIPShowEndpoints with the lab phones', async () => {
    const channels = await client.actionList(
      { Action: 'CoreShowChannels' },
      { completeEvent: 'CoreShowChannelsComplete' },
    );
    expect(channels.items.filter((i) => i.event === 'CoreShowChannel')).toEqual([]);
    const endpoints = await client.actionList(
      { Action: 'PJSIPShowEndpoints' },
      { completeEvent: 'EndpointListComplete' },
    );
    const phones = endpoints.items
      .filter((i) => i.event === 'EndpointList')
      .map((i) => [i.get('ObjectName'), i.get('CallerID')]);
    expect(phones).toEqual([
      ['1001', '"Anna Smirnova" <1001>'],
      ['1002', '"Иван Петров" <1002>'],
      ['1003', '"Support Desk" <1003>'],
    ]);
    const originate = await client.action({ Action: 'Originate', Channel: 'PJSIP/1001', Exten: '1002' });
    expect(originate.get('Response')).toBe('Success');
  });

  it('shows a signed webhook on its page and API, and refuses an unsigned one', async () => {
    const callId = `${SANDBOX_PBX_ID}:1999999999.42`;
    const payload = {
      version: 1,
      id: `${callId}#1`,
      kind: 'event',
      callId,
      pbxId: SANDBOX_PBX_ID,
      event: {
        event: 'NotifyStart',
        direction: 'in',
        srcPhone: '+79161234567',
        dstPhone: '1001',
        dstPhoneExt: '1001',
        callId,
        at: new Date().toISOString(),
      },
    };
    const body = JSON.stringify(payload);
    const headers = signWebhook({
      id: payload.id,
      body,
      token: sandbox.webhookToken,
      timestampSeconds: Date.now() / 1000,
    });
    const accepted = await fetch(sandbox.webhookUrl, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body,
    });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({});

    const unsignedCallId = `${SANDBOX_PBX_ID}:1888888888.7`;
    const refused = await fetch(sandbox.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...payload, id: `${unsignedCallId}#1`, callId: unsignedCallId }),
    });
    expect(refused.status).toBe(401);

    const page = await (await fetch(sandbox.pageUrl)).text();
    expect(page).toContain(callId);
    expect(page).not.toContain(unsignedCallId);
    expect(page).toContain('<table>');
    const received = (await (await fetch(new URL('/api/received', sandbox.pageUrl))).json()) as {
      id: string;
      payload: unknown;
    }[];
    expect(received.map((r) => r.id)).toEqual([payload.id]);
    expect(received[0].payload).toEqual(payload);
  });

  it('fails with a clear message when the traces are missing', async () => {
    await expect(startSandbox({ tracesDir: '/nonexistent/ami-traces' })).rejects.toThrow(
      /recorded AMI traces directory \/nonexistent\/ami-traces does not exist/,
    );
  });
});
