import { once } from 'node:events';
import {
  AmiTestServer,
  AmiTestServerOptions,
  loadTrace,
  recordingLogger,
  RecordingLogger,
  waitFor,
} from '@app/testing';
import { AmiClient } from './ami-client';
import { AmiClientError, AmiClientErrorCode } from './ami-client.exception';
import { AmiClientOptions } from './ami-client.options';
import { AmiFrameParser } from './ami-frame-parser';
import { AmiMessage } from './ami-message';
import { AmiProtocolError, AmiProtocolErrorCode } from './ami-protocol.exception';

interface Received {
  readonly message: AmiMessage;
  readonly receivedAtMs: number;
}

/** the events a correct client delivers for a trace: every Event block, in order */
function recordedEvents(trace: string, from = 0, to?: number): AmiMessage[] {
  const bytes = loadTrace(trace).bytes.subarray(from, to);
  return new AmiFrameParser()
    .push(bytes)
    .flatMap((f) => (f.kind === 'message' && f.message.event !== undefined ? [f.message] : []));
}

function rejection(promise: Promise<unknown>): Promise<AmiClientError> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => {
      if (!(error instanceof AmiClientError)) throw error;
      return error;
    },
  );
}

describe('AmiClient', () => {
  let server: AmiTestServer;
  let sut: AmiClient;
  let logger: RecordingLogger;
  let events: Received[];

  async function startServer(options: AmiTestServerOptions = {}): Promise<AmiTestServer> {
    server = await AmiTestServer.start(options);
    return server;
  }

  function createClient(overrides: Partial<AmiClientOptions> = {}): AmiClient {
    logger = recordingLogger();
    sut = new AmiClient(
      {
        ...server.clientOptions(),
        connectTimeoutMs: 2000,
        actionTimeoutMs: 2000,
        keepaliveIntervalMs: 0,
        reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
        ...overrides,
      },
      logger,
    );
    events = [];
    sut.on('event', (message, receivedAtMs) => events.push({ message, receivedAtMs }));
    return sut;
  }

  afterEach(async () => {
    await sut?.stop();
    await server?.close();
  });

  describe('login', () => {
    it('logs in with a plain secret and reports the banner', async () => {
      await startServer();
      createClient();
      const connected = once(sut, 'connected');
      await sut.start();
      expect(await connected).toEqual(['Asterisk Call Manager/11.0.0']);
      expect(sut.state).toBe('connected');
      expect(server.logins).toEqual([{ connectionId: 1, username: 'crm', authType: 'plain', accepted: true }]);
      const [login] = server.actionsNamed('Login');
      expect(login.message.get('Secret')).toBe('crmS3cret');
      expect(login.message.get('Events')).toBe('on');
      expect(login.message.actionId).toMatch(/^ami-\d+-[0-9a-f]{12}$/);
    });

    it('logs in with an MD5 challenge and sends no secret', async () => {
      await startServer();
      createClient({ auth: 'md5', events: 'call,cdr' });
      await sut.start();
      expect(server.actions.map((a) => a.name)).toEqual(['Challenge', 'Login']);
      const [login] = server.actionsNamed('Login');
      expect(login.message.get('AuthType')).toBe('md5');
      expect(login.message.get('Key')).toMatch(/^[0-9a-f]{32}$/);
      expect(login.message.has('Secret')).toBe(false);
      expect(login.message.get('Events')).toBe('call,cdr');
      expect(server.logins[0]).toMatchObject({ authType: 'md5', accepted: true });
    });

    it('never logs the secret or the MD5 key, and logs the Login redacted', async () => {
      await startServer();
      createClient({ auth: 'md5' });
      await sut.start();
      const key = server.actionsNamed('Login')[0].message.get('Key') ?? '';
      expect(logger.text()).not.toContain('crmS3cret');
      expect(logger.text()).not.toContain(key);
      expect(logger.messages('debug').some((m) => m.includes('Action=Login') && m.includes('Key=***'))).toBe(true);

      await sut.stop();
      await server.close();
      await startServer();
      createClient();
      await sut.start();
      expect(logger.text()).not.toContain('crmS3cret');
      expect(logger.messages('debug').some((m) => m.includes('Action=Login') && m.includes('Secret=***'))).toBe(true);
    });

    it('on a refused login (trace 16) emits loginFailed, logs an error and keeps retrying with backoff', async () => {
      await startServer({ trace: '16-login-failed', secret: 'right-secret' });
      createClient({ secret: 'wrong-secret', reconnect: { initialDelayMs: 10, factor: 2, jitter: 'none' } });
      const failures: string[] = [];
      const delays: number[] = [];
      sut.on('loginFailed', (message) => failures.push(message));
      sut.on('reconnecting', (_attempt, delayMs) => delays.push(delayMs));

      const error = await rejection(sut.start());
      expect(error.code).toBe(AmiClientErrorCode.LoginFailed);
      expect(error.message).toContain('Authentication failed');

      await server.waitForLogins(3, { accepted: false });
      await waitFor(() => failures.length >= 3 && delays.length >= 3);
      expect(failures.slice(0, 3)).toEqual(Array(3).fill('Authentication failed'));
      expect(delays.slice(0, 3)).toEqual([10, 20, 40]);
      expect(logger.messages('error').filter((m) => m.includes('Authentication failed')).length).toBeGreaterThanOrEqual(
        3,
      );
      expect(sut.isConnected).toBe(false);
    });

    it('logs in once an admin fixes the secret, and resets the backoff', async () => {
      await startServer({ secret: 'new-secret' });
      createClient({ secret: 'old-secret', reconnect: { initialDelayMs: 10, factor: 2, jitter: 'none' } });
      await rejection(sut.start());
      await server.waitForLogins(2, { accepted: false });
      server.setCredentials('crm', 'old-secret');
      await once(sut, 'connected');
      expect(sut.isConnected).toBe(true);

      const delays: number[] = [];
      sut.on('reconnecting', (_attempt, delayMs) => delays.push(delayMs));
      server.dropClients();
      await once(sut, 'connected');
      expect(delays).toEqual([10]);
    });

    it('rejects start() when nothing listens, and keeps trying', async () => {
      await startServer();
      const { port } = server;
      await server.close();
      createClient({ port });
      const reconnecting = once(sut, 'reconnecting');
      const error = await rejection(sut.start());
      expect(error.code).toBe(AmiClientErrorCode.ConnectFailed);
      await reconnecting;
      expect(sut.state === 'reconnecting' || sut.state === 'connecting').toBe(true);
    });
  });

  describe('events', () => {
    it('delivers every event of trace 01, in order, with repeated ChanVariable lines', async () => {
      await startServer({ trace: '01-inbound-answered', chunkSize: 1460, chunkDelayMs: 1 });
      createClient();
      const before = Date.now();
      await sut.start();
      await server.waitForStreamed(1);
      const expected = recordedEvents('01-inbound-answered');
      await waitFor(() => events.length >= expected.length, { what: `${expected.length} events` });

      expect(expected).toHaveLength(134);
      expect(events.map((e) => e.message.headers)).toEqual(expected.map((m) => m.headers));
      const newchannel = events.find((e) => e.message.event === 'Newchannel')?.message;
      expect(newchannel?.getAll('ChanVariable')).toEqual(['CALL_DIRECTION=', 'CRM_ID=']);
      expect(events.some((e) => e.message.get('CallerIDName') === 'Иван Петров')).toBe(true);
      for (const { receivedAtMs } of events) {
        expect(receivedAtMs).toBeGreaterThanOrEqual(before);
        expect(receivedAtMs).toBeLessThanOrEqual(Date.now());
      }
    });

    it('delivers the events of trace 08 written 3 bytes at a time, OriginateResponse included', async () => {
      await startServer({ trace: '08-originate-click-to-call', chunkSize: 3 });
      createClient();
      await sut.start();
      const expected = recordedEvents('08-originate-click-to-call');
      await waitFor(() => events.length >= expected.length);
      expect(events.map((e) => e.message.headers)).toEqual(expected.map((m) => m.headers));
      const originate = events.find((e) => e.message.event === 'OriginateResponse')?.message;
      expect(originate?.channelVariables()).toEqual({ CALL_DIRECTION: '', CRM_ID: 'deal-4242' });
    });

    it('survives a 1 MB line: one protocolError, the connection stays, later events arrive', async () => {
      await startServer();
      createClient({ parser: { maxLineBytes: 64 * 1024 } });
      const protocolErrors: AmiProtocolError[] = [];
      sut.on('protocolError', (error) => protocolErrors.push(error));
      await sut.start();

      const huge = Buffer.concat([
        Buffer.from('Event: Junk\r\nX: '),
        Buffer.alloc(1024 * 1024, 'z'),
        Buffer.from('\r\n\r\n'),
      ]);
      for (let at = 0; at < huge.length; at += 65536) server.send(huge.subarray(at, at + 65536));
      server.sendBlock({ Event: 'Newchannel', Channel: 'PJSIP/1001-00000001', ChanVariable: ['A=1', 'B=2'] });

      await waitFor(() => events.length >= 1);
      expect(events.map((e) => e.message.event)).toEqual(['Newchannel']);
      expect(events[0].message.getAll('ChanVariable')).toEqual(['A=1', 'B=2']);
      expect(protocolErrors.map((e) => e.code)).toEqual([AmiProtocolErrorCode.LineTooLong]);
      expect(server.acceptedConnections).toBe(1);
      await expect(sut.action({ Action: 'Ping' })).resolves.toBeInstanceOf(AmiMessage);
    });

    it('emits nothing more once a listener calls stop(), yet still says Goodbye', async () => {
      await startServer();
      server.onAction('Logoff', () => {}); // Goodbye comes below, after more events
      createClient({ logoffTimeoutMs: 1500 });
      const stopped: Promise<void>[] = [];
      sut.once('event', () => stopped.push(sut.stop()));
      await sut.start();
      server.send('Event: First\r\n\r\nEvent: Second\r\n\r\n');
      const logoff = await server.waitForAction('Logoff');
      server.send(`Event: Third\r\n\r\nResponse: Goodbye\r\nActionID: ${logoff.message.actionId}\r\n\r\n`);
      await Promise.all(stopped);
      expect(events.map((e) => e.message.event)).toEqual(['First']);
      expect(logger.messages('warn').filter((m) => m.includes('Logoff'))).toEqual([]);
    });

    it('keeps reading when an event listener throws', async () => {
      await startServer();
      createClient();
      sut.once('event', () => {
        throw new Error('listener bug');
      });
      await sut.start();
      server.sendBlock({ Event: 'First' });
      server.sendBlock({ Event: 'Second' });
      await waitFor(() => events.length >= 2);
      expect(events.map((e) => e.message.event)).toEqual(['First', 'Second']);
      expect(logger.messages('error').some((m) => m.includes('listener bug'))).toBe(true);
    });
  });

  describe('actions', () => {
    it('matches responses by unique ActionID, whatever their order', async () => {
      await startServer();
      const held: AmiMessage[] = [];
      server.onAction('Command', (action, connection) => {
        held.push(action);
        if (held.length < 2) return;
        for (const a of [...held].reverse()) {
          connection.respond(a, 'Success', { Message: 'Command output follows', Output: `ran ${a.get('Command')}` });
        }
      });
      createClient();
      await sut.start();
      const [first, second] = await Promise.all([
        sut.action({ Action: 'Command', Command: 'core show version' }),
        sut.action({ Action: 'Command', Command: 'pjsip show endpoints' }),
      ]);
      expect(first.get('Output')).toBe('ran core show version');
      expect(second.get('Output')).toBe('ran pjsip show endpoints');
      expect(first.actionId).not.toBe(second.actionId);
    });

    it('makes ActionIDs unique across reconnects and client instances', async () => {
      await startServer();
      createClient();
      const other = new AmiClient({ ...server.clientOptions() }, recordingLogger());
      const ids = new Set<string>();
      for (let i = 0; i < 500; i++) {
        ids.add(sut.nextActionId());
        ids.add(other.nextActionId());
      }
      expect(ids.size).toBe(1000);
      await other.stop();
    });

    it('rejects with the Message of a Response: Error', async () => {
      await startServer();
      createClient();
      await sut.start();
      const error = await rejection(sut.action({ Action: 'NoSuchAction' }));
      expect(error.code).toBe(AmiClientErrorCode.ActionFailed);
      expect(error.message).toContain('Invalid/unknown command');
      expect(error.response?.get('Message')).toBe('Invalid/unknown command');
      expect(error.actionId).toBe(server.actionsNamed('NoSuchAction')[0].message.actionId);
    });

    it('rejects on timeout and ignores the late response', async () => {
      await startServer();
      let late: (() => void) | undefined;
      server.onAction('QueueStatus', (action, connection) => {
        late = () => connection.respond(action, 'Success');
      });
      createClient();
      await sut.start();
      const error = await rejection(sut.action({ Action: 'QueueStatus' }, { timeoutMs: 50 }));
      expect(error.code).toBe(AmiClientErrorCode.ActionTimeout);
      late?.();
      await expect(sut.action({ Action: 'Ping' })).resolves.toBeInstanceOf(AmiMessage);
      expect(sut.isConnected).toBe(true);
    });

    it('rejects at once when not connected', async () => {
      await startServer();
      createClient();
      const error = await rejection(sut.action({ Action: 'Ping' }));
      expect(error.code).toBe(AmiClientErrorCode.NotConnected);
      expect(server.acceptedConnections).toBe(0);
    });

    it('rejects pending actions on disconnect', async () => {
      await startServer();
      server.onAction('Originate', () => {});
      createClient();
      await sut.start();
      const pending = rejection(sut.action({ Action: 'Originate', Channel: 'PJSIP/1001' }));
      await server.waitForAction('Originate');
      server.dropClients();
      const error = await pending;
      expect(error.code).toBe(AmiClientErrorCode.Disconnected);
      expect(error.action).toBe('Originate');
    });

    it('never re-sends an Originate that was pending when the connection dropped', async () => {
      await startServer();
      server.onAction('Originate', () => {});
      createClient();
      await sut.start();
      const pending = rejection(
        sut.action({ Action: 'Originate', Channel: 'PJSIP/1001', Exten: '89161234567', Async: 'true' }),
      );
      await server.waitForAction('Originate');
      server.dropClients();
      expect((await pending).code).toBe(AmiClientErrorCode.Disconnected);
      expect((await rejection(sut.action({ Action: 'Originate' }))).code).toBe(AmiClientErrorCode.NotConnected);

      await once(sut, 'connected');
      // a round trip on the new connection: anything re-sent at reconnect would be seen before it
      await sut.action({ Action: 'Ping' });
      expect(server.actionsNamed('Originate')).toHaveLength(1);
      expect(server.actions.filter((a) => a.connectionId === 2).map((a) => a.name)).toEqual(['Login', 'Ping']);
    });

    it('strips CR and LF so a value cannot inject a header or a block', async () => {
      await startServer();
      server.onAction('UserEvent', (action, connection) => connection.respond(action, 'Success'));
      createClient();
      await sut.start();
      await sut.action({
        Action: 'UserEvent',
        UserEvent: 'CrmNote\r\nAction: Originate',
        Variable: ['A=1\r\n\r\nAction: Logoff', 'B=2'],
        'X-Bad\nName': 'v',
      });
      expect(server.actions.map((a) => a.name)).toEqual(['Login', 'UserEvent']);
      const [received] = server.actionsNamed('UserEvent');
      expect(received.message.getAll('UserEvent')).toEqual(['CrmNoteAction: Originate']);
      expect(received.message.getAll('Variable')).toEqual(['A=1Action: Logoff', 'B=2']);
      expect(received.message.get('X-BadName')).toBe('v');
      expect(received.message.has('Originate')).toBe(false);
      expect(received.raw.toString().split('\r\n\r\n')).toEqual([expect.stringMatching(/^Action: UserEvent/), '']);
    });

    it('serialises repeated keys, numbers and booleans in order', async () => {
      await startServer();
      server.onAction('Originate', (action, connection) => connection.respond(action, 'Success'));
      createClient();
      await sut.start();
      await sut.action({
        Action: 'Originate',
        Channel: 'PJSIP/1001',
        Priority: 1,
        Async: true,
        Variable: ['CRM_ID=deal-4242', 'CALL_DIRECTION=out'],
        Account: undefined,
      });
      const [received] = server.actionsNamed('Originate');
      expect(received.raw.toString()).toBe(
        `Action: Originate\r\nActionID: ${received.message.actionId}\r\nChannel: PJSIP/1001\r\nPriority: 1\r\n` +
          'Async: true\r\nVariable: CRM_ID=deal-4242\r\nVariable: CALL_DIRECTION=out\r\n\r\n',
      );
    });

    it('uses a given ActionID so the OriginateResponse event can be awaited; it stays an event', async () => {
      await startServer();
      server.onAction('Originate', (action, connection) => {
        // the event first: routing must go by Event:, not by the Response:/ActionID it carries
        connection.sendBlock([
          ['Event', 'OriginateResponse'],
          ['Privilege', 'call,all'],
          ['ActionID', action.actionId ?? ''],
          ['Response', 'Success'],
          ['Channel', 'PJSIP/1001-00000013'],
          ['ChanVariable(PJSIP/1001-00000013)', 'CALL_DIRECTION='],
          ['ChanVariable(PJSIP/1001-00000013)', 'CRM_ID=deal-4242'],
        ]);
        connection.respond(action, 'Success', { Message: 'Originate successfully queued' });
      });
      createClient();
      await sut.start();
      const actionId = sut.nextActionId();
      const originated = sut.waitForEvent((e) => e.event === 'OriginateResponse' && e.actionId === actionId);
      const response = await sut.action({ Action: 'Originate', ActionID: actionId, Channel: 'PJSIP/1001' });
      expect(response.get('Message')).toBe('Originate successfully queued');
      expect(response.actionId).toBe(actionId);
      const event = await originated;
      expect(event.response).toBeUndefined();
      expect(event.channelVariables().CRM_ID).toBe('deal-4242');
      expect(events.map((e) => e.message.event)).toEqual(['OriginateResponse']);
    });

    it('refuses actions the client manages itself', async () => {
      await startServer();
      createClient();
      await sut.start();
      expect((await rejection(sut.action({ Action: 'Logoff' }))).code).toBe(AmiClientErrorCode.InvalidAction);
      expect((await rejection(sut.action({ Action: ' ' }))).code).toBe(AmiClientErrorCode.InvalidAction);
    });
  });

  describe('actionList', () => {
    /** the recorded CoreShowChannels answer of trace 15, with the client's ActionID */
    function recordedList(recordedId: string, actionId: string): string {
      const text = loadTrace('15-reconnect').bytes.toString('utf8');
      return text
        .split('\r\n\r\n')
        .filter((block) => block.includes(`ActionID: ${recordedId}\r\n`) || block.endsWith(`ActionID: ${recordedId}`))
        .map((block) => `${block.replace(`ActionID: ${recordedId}`, `ActionID: ${actionId}`)}\r\n\r\n`)
        .join('');
    }

    it('collects the CoreShowChannel items until EventList: Complete, without emitting them', async () => {
      await startServer();
      server.onAction('CoreShowChannels', (action, connection) => {
        const answer = recordedList('resync-channels-1', action.actionId ?? '');
        const [response, ...rest] = answer.split(/(?<=\r\n\r\n)/);
        connection.send(response + 'Event: Newexten\r\nChannel: PJSIP/1001-0000004a\r\n\r\n' + rest.join(''));
      });
      createClient();
      await sut.start();
      const result = await sut.actionList({ Action: 'CoreShowChannels' });
      expect(result.response.get('EventList')).toBe('start');
      expect(result.items.map((i) => i.event)).toEqual(['CoreShowChannel', 'CoreShowChannel']);
      expect(result.items[0].get('BridgeId')).toBeDefined();
      expect(result.complete?.event).toBe('CoreShowChannelsComplete');
      expect(result.complete?.get('ListItems')).toBe('2');
      expect(events.map((e) => e.message.event)).toEqual(['Newexten']);
    });

    it('hands each item to onItem in wire order with the live events read in the same chunk', async () => {
      await startServer();
      server.onAction('CoreShowChannels', (action, connection) => {
        const answer = recordedList('resync-channels-1', action.actionId ?? '');
        const [response, first, second, complete] = answer.split(/(?<=\r\n\r\n)/);
        const hangup = 'Event: Hangup\r\nUniqueid: 1795672936.122\r\n\r\n';
        connection.send(response + first + hangup + second + complete);
      });
      createClient();
      await sut.start();
      const order: string[] = [];
      sut.on('event', (event) => order.push(`live ${event.event}`));

      const result = await sut.actionList(
        { Action: 'CoreShowChannels' },
        { onItem: (item) => order.push(`item ${item.event}`) },
      );

      expect(order).toEqual(['item CoreShowChannel', 'live Hangup', 'item CoreShowChannel']);
      expect(result.items).toHaveLength(2);
    });

    it('fails the list, not the reader, when onItem throws', async () => {
      await startServer();
      server.onAction('CoreShowChannels', (action, connection) => {
        connection.send(recordedList('resync-channels-1', action.actionId ?? '') + 'Event: Newexten\r\n\r\n');
      });
      createClient();
      await sut.start();

      const error = await rejection(
        sut.actionList(
          { Action: 'CoreShowChannels' },
          {
            onItem: () => {
              throw new Error('boom');
            },
          },
        ),
      );

      expect(error.code).toBe(AmiClientErrorCode.ActionFailed);
      expect(error.message).toContain('boom');
      await waitFor(() => events.some((e) => e.message.event === 'Newexten'), { what: 'the next live event' });
    });

    it('ends a list at the named completeEvent (Status, ActionID as the last header)', async () => {
      await startServer();
      server.onAction('Status', (action, connection) => {
        const id = action.actionId ?? '';
        connection.respond(action, 'Success', { EventList: 'start', Message: 'Channel status will follow' });
        connection.sendBlock([
          ['Event', 'Status'],
          ['Channel', 'PJSIP/1001-0000004a'],
          ['BridgeID', 'b6f990c7'],
          ['ActionID', id],
        ]);
        connection.sendBlock([
          ['Event', 'StatusComplete'],
          ['ActionID', id],
          ['Items', '1'],
        ]);
      });
      createClient();
      await sut.start();
      const result = await sut.actionList({ Action: 'Status' }, { completeEvent: 'StatusComplete' });
      expect(result.items.map((i) => i.get('BridgeID'))).toEqual(['b6f990c7']);
      expect(result.complete?.event).toBe('StatusComplete');
      expect(events).toEqual([]);
    });

    it('rejects a list on Response: Error and on timeout', async () => {
      await startServer();
      server.onAction('PJSIPShowEndpoints', (action, connection) =>
        connection.respond(action, 'Success', { EventList: 'start' }),
      );
      createClient();
      await sut.start();
      expect((await rejection(sut.actionList({ Action: 'NoSuchList' }))).code).toBe(AmiClientErrorCode.ActionFailed);
      const error = await rejection(sut.actionList({ Action: 'PJSIPShowEndpoints' }, { timeoutMs: 50 }));
      expect(error.code).toBe(AmiClientErrorCode.ActionTimeout);
    });
  });

  describe('reconnect', () => {
    it('reconnects after the drop of trace 15 and delivers the second session', async () => {
      await startServer({ trace: '15-reconnect', chunkSize: 1460, chunkDelayMs: 1 });
      createClient({ reconnect: { initialDelayMs: 50, jitter: 'proportional', jitterRatio: 0.3 } });
      const delays: number[] = [];
      const disconnects: string[] = [];
      sut.on('reconnecting', (_attempt, delayMs) => delays.push(delayMs));
      sut.on('disconnected', (reason) => disconnects.push(reason));
      await sut.start();
      const expected = recordedEvents('15-reconnect');
      await waitFor(() => events.length >= expected.length, { what: `${expected.length} events` });

      expect(expected).toHaveLength(124);
      expect(events.map((e) => e.message.headers)).toEqual(expected.map((m) => m.headers));
      expect(server.logins.filter((l) => l.accepted)).toHaveLength(2);
      expect(disconnects).toHaveLength(1);
      expect(delays).toHaveLength(1);
      expect(delays[0]).toBeGreaterThanOrEqual(35);
      expect(delays[0]).toBeLessThanOrEqual(65);
      expect(sut.isConnected).toBe(true);
    });

    it('drops the partial block of a cut connection and starts clean', async () => {
      await startServer();
      createClient();
      await sut.start();
      // one write: once Marker arrived, the cut block sits in the client's parser
      server.send('Event: Marker\r\n\r\nEvent: Cut\r\nChannel: PJSIP/10');
      await waitFor(() => events.length === 1);
      server.dropClients();
      await once(sut, 'connected');
      server.sendBlock({ Event: 'Whole' });
      await waitFor(() => events.length >= 2);
      expect(events.map((e) => e.message.event)).toEqual(['Marker', 'Whole']);
      expect(events[1].message.headers).toEqual([['Event', 'Whole']]);
    });

    it('reconnects when the keepalive Ping goes unanswered', async () => {
      await startServer();
      createClient({ keepaliveIntervalMs: 30, keepaliveTimeoutMs: 60 });
      await sut.start();
      await server.waitForAction('Ping', { nth: 2 });
      expect(server.acceptedConnections).toBe(1);

      server.answerPings = false;
      const [reason] = await once(sut, 'disconnected');
      expect(reason).toContain('keepalive');
      server.answerPings = true;
      await once(sut, 'connected');
      expect(server.acceptedConnections).toBe(2);
    });
  });

  describe('stop', () => {
    it('sends Logoff, rejects pending actions and stops reconnecting', async () => {
      await startServer();
      server.onAction('Originate', () => {});
      createClient();
      await sut.start();
      const pending = rejection(sut.action({ Action: 'Originate', Channel: 'PJSIP/1001' }));
      await server.waitForAction('Originate');
      const disconnected = once(sut, 'disconnected');
      await sut.stop();
      expect((await pending).code).toBe(AmiClientErrorCode.Stopped);
      await disconnected;
      expect(server.actionsNamed('Logoff')).toHaveLength(1);
      expect(sut.state).toBe('stopped');
      expect((await rejection(sut.action({ Action: 'Ping' }))).code).toBe(AmiClientErrorCode.NotConnected);
      expect((await rejection(sut.start())).code).toBe(AmiClientErrorCode.Stopped);
    });

    it('closes even when the Logoff is not answered', async () => {
      await startServer();
      server.onAction('Logoff', () => {});
      createClient({ logoffTimeoutMs: 50 });
      await sut.start();
      await sut.stop();
      expect(sut.state).toBe('stopped');
      expect(logger.messages('warn').some((m) => m.includes('Logoff'))).toBe(true);
    });

    it('rejects start() when stopped before the login', async () => {
      await startServer({ loginFailureDelayMs: 1000 });
      createClient({ secret: 'wrong' });
      const started = rejection(sut.start());
      await server.waitForLogins(1);
      await sut.stop();
      expect((await started).code).toBe(AmiClientErrorCode.Stopped);
    });
  });
});
