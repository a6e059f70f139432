/**
 * The first-run sandbox: a simulated Asterisk playing the recorded calls with fresh ids and current times, and
 * an ELMA365 stand-in showing the webhooks it received. Over real TCP/HTTP on 127.0.0.1.
 */
import { TRACES_DIR } from './support/recorded-traces';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createConnection, Socket } from 'node:net';
import * as path from 'node:path';
import { AmiClient, AmiMessage } from '@app/ami';
import { CallRecord, CallTracker } from '@app/calls';
import { signWebhook } from '@app/elma365';
import { AmiBlockHeaders, AmiBlockSplitter, headerValue, parseAmiBlock } from '@app/pbx-simulator';
import { CALL_SCENARIOS, CallPlay, loadCallScenario, Sandbox, SANDBOX_PBX_ID, startSandbox } from '@app/sandbox';

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

/** The headers of a real CoreShowChannel item (lab Asterisk, trace 15), without its ActionID. */
function recordedCoreShowChannelHeaders(): string[] {
  const item = readFileSync(path.join(TRACES_DIR, '15-reconnect.ami'), 'utf8')
    .split(/\r\n\r\n/)
    .map(parseAmiBlock)
    .find((block) => headerValue(block, 'Event') === 'CoreShowChannel');
  if (!item) throw new Error('trace 15 has no CoreShowChannel');
  return item.map(([name]) => name).filter((name) => name !== 'ActionID');
}

/**
 * A client logging in whenever it is made, over a raw socket so it sees the bytes in wire order: after the login
 * it lists the channels up (CoreShowChannels) and feeds the list and the live events to its own tracker, as the
 * connector's ingest resyncs (apps/ingest/src/pbx-session.ts).
 */
class LateClient {
  readonly listed: AmiBlockHeaders[] = [];
  readonly records: CallRecord[] = [];
  private readonly tracker = new CallTracker({ pbxId: SANDBOX_PBX_ID });
  private readonly state = this.tracker.createState();
  private readonly splitter = new AmiBlockSplitter(16 * 1024 * 1024);

  private constructor(private readonly socket: Socket) {}

  static async connect(amiUrl: string): Promise<LateClient> {
    const url = new URL(amiUrl.replace(/^ami:/, 'http:'));
    const socket = createConnection({ host: url.hostname, port: Number(url.port) });
    const sut = new LateClient(socket);
    const listEnd = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no CoreShowChannelsComplete within 5 s')), 5000);
      socket.on('data', (chunk: Buffer) => {
        if (sut.receive(chunk)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    await once(socket, 'connect');
    const user = decodeURIComponent(url.username);
    const secret = decodeURIComponent(url.password);
    socket.write(`Action: Login\r\nActionID: late-login\r\nUsername: ${user}\r\nSecret: ${secret}\r\n\r\n`);
    socket.write('Action: CoreShowChannels\r\nActionID: late-list\r\n\r\n');
    await listEnd;
    return sut;
  }

  close(): void {
    this.socket.destroy();
  }

  /** true when the list ended in this chunk */
  private receive(chunk: Buffer): boolean {
    let listEnded = false;
    for (const { headers: block } of this.splitter.push(chunk)) {
      const event = headerValue(block, 'Event');
      if (event === 'CoreShowChannelsComplete') listEnded = true;
      if (event === 'CoreShowChannel') this.listed.push(block);
      if (event === undefined || event === 'CoreShowChannelsComplete') continue;
      for (const out of this.tracker.apply(this.state, new AmiMessage(block), Date.now())) {
        if (out.type === 'call.finished') this.records.push(out.record);
      }
    }
    return listEnded;
  }
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

function clientOf(amiUrl: string): AmiClient {
  const url = new URL(amiUrl.replace(/^ami:/, 'http:'));
  return new AmiClient({
    host: url.hostname,
    port: Number(url.port),
    username: decodeURIComponent(url.username),
    secret: decodeURIComponent(url.password),
    keepaliveIntervalMs: 0,
  });
}

describe('sandbox', () => {
  let sandbox: Sandbox;
  let client: AmiClient;
  /** the kit's second AMI user: click-to-call only */
  let originator: AmiClient;
  const plays: CallPlay[] = [];
  const events: AmiMessage[] = [];
  const records: CallRecord[] = [];
  /** channel ids the first client saw created, and those of them not hung up yet */
  const created = new Set<string>();
  const channelsUp = new Set<string>();

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
      const uniqueid = message.get('Uniqueid') ?? '';
      if (message.event === 'Newchannel') {
        created.add(uniqueid);
        channelsUp.add(uniqueid);
      }
      if (message.event === 'Hangup') channelsUp.delete(uniqueid);
      for (const event of tracker.apply(state, message, receivedAtMs)) {
        if (event.type === 'call.finished') records.push(event.record);
      }
    });
    await client.start();
    originator = clientOf(sandbox.amiOriginateUrl);
    await originator.start();
  });

  afterAll(async () => {
    await originator?.stop();
    await client?.stop();
    await sandbox?.close();
  });

  it('gives URLs and credentials for the connector', () => {
    expect(sandbox.amiUrl).toMatch(/^ami:\/\/sandbox:[0-9a-f]+@127\.0\.0\.1:\d+\/sandbox$/);
    expect(sandbox.amiOriginateUrl).toMatch(/^ami:\/\/sandbox-originate:[0-9a-f]+@127\.0\.0\.1:\d+\/sandbox$/);
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

  it('answers CoreShowChannels with the channels up: a client logging in mid-call tracks the calls in flight', async () => {
    const realHeaders = recordedCoreShowChannelHeaders();
    const deadline = Date.now() + 20_000;
    let late: LateClient | undefined;
    // the list is taken when Asterisk answers: if the call ended in between, log in again during the next one
    while (late === undefined || late.listed.length === 0) {
      late?.close();
      if (Date.now() > deadline) throw new Error('no login mid-call within 20 s');
      await until(() => (channelsUp.size > 0 ? true : undefined), 10_000, 'a channel up');
      late = await LateClient.connect(sandbox.amiUrl);
    }
    try {
      const recorded = new Set([...CALL_SCENARIOS, '14'].flatMap((prefix) => [...recordedUniqueids(prefix)]));
      for (const item of late.listed) {
        expect(item.map(([name]) => name).filter((name) => name !== 'ActionID')).toEqual(realHeaders);
        const uniqueid = headerValue(item, 'Uniqueid') ?? '';
        expect(recorded.has(uniqueid)).toBe(false);
        expect(created.has(uniqueid)).toBe(true);
      }
      // the calls it found in the list end as calls in its own tracker, as they do in the first client's
      const callIds = [...new Set(late.listed.map((item) => `${SANDBOX_PBX_ID}:${headerValue(item, 'Linkedid')}`))];
      for (const callId of callIds) {
        const own = await until(() => late?.records.find((r) => r.callId === callId), 10_000, `${callId} finished`);
        const seenWhole = await until(() => records.find((r) => r.callId === callId), 10_000, `${callId} whole`);
        expect(own.disposition).toBe(seenWhole.disposition);
      }
    } finally {
      late.close();
    }
  }, 40_000);

  it('answers PJSIPShowEndpoints with the lab phones', async () => {
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
  });

  it("keeps the kit's two AMI users apart: events may not Originate, click-to-call may not list endpoints", async () => {
    await expect(client.action({ Action: 'Originate', Channel: 'PJSIP/1003', Exten: '1002' })).rejects.toThrow(
      /Permission denied/,
    );
    await expect(originator.action({ Action: 'PJSIPShowEndpoints' })).rejects.toThrow(/Permission denied/);
    const listed = await originator.action({ Action: 'ListCommands' });
    expect(listed.get('Originate')).toContain('originate');
    expect(listed.get('ModuleLoad')).toBeUndefined();
  });

  it('plays the recorded click-to-call for an Originate of a lab phone, under its ChannelId', async () => {
    const originate = await originator.action({
      Action: 'Originate',
      Channel: 'PJSIP/1003',
      Context: 'from-internal',
      Exten: '79161234567',
      Priority: '1',
      CallerID: '"Клиент" <+79161234567>',
      Async: 'true',
      ChannelId: 'c2c-sandbox-e2e-1',
    });
    expect(originate.get('Response')).toBe('Success');
    const record = await until(
      () => records.find((r) => r.callId === `${SANDBOX_PBX_ID}:c2c-sandbox-e2e-1`),
      10_000,
      'the click-to-call record',
    );
    expect(record).toMatchObject({
      direction: 'out',
      from: '1003',
      to: '+79161234567',
      answeredBy: '1003',
      disposition: 'answered',
    });
    const answered = events.find((e) => e.event === 'OriginateResponse' && e.get('Uniqueid') === 'c2c-sandbox-e2e-1');
    expect(answered?.get('Response')).toBe('Success');
  }, 20_000);

  it('refuses an Originate of no lab phone as Asterisk does', async () => {
    await expect(originator.action({ Action: 'Originate', Channel: 'PJSIP/9999', Exten: '1002' })).rejects.toThrow(
      /Originate failed/,
    );
    const queued = await originator.action({
      Action: 'Originate',
      ActionID: 'no-such-phone-1',
      Channel: 'PJSIP/9999',
      Exten: '1002',
      Async: 'true',
    });
    expect(queued.get('Response')).toBe('Success');
    const failed = await until(
      () => events.find((e) => e.event === 'OriginateResponse' && e.get('ActionID') === 'no-such-phone-1'),
      5000,
      'the failed OriginateResponse',
    );
    expect([failed.get('Response'), failed.get('Channel'), failed.get('Uniqueid')]).toEqual([
      'Failure',
      'PJSIP/9999',
      '<unknown>',
    ]);
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
    expect(page).toContain('<table');
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
