/**
 * Evaluation of asterisk-ami-client@1.1.5 (with asterisk-ami-connector 1.1.6,
 * asterisk-ami-events-stream 1.2.8, asterisk-ami-event-utils 2.0.2) on our recorded
 * traces, over real TCP against AmiTestServer.
 *
 * Product rule: keep the library only if it is correct on our traces. Each test states
 * the library's actual behaviour explicitly — a defect is asserted as the defect, so CI
 * stays green while documenting it — and feeds the same input through our AmiClient,
 * which must give the correct result. Where the library is right, the test says so.
 */
import { createRequire } from 'node:module';
import { AmiClient, AmiClientOptions, AmiFrameParser, AmiMessage } from '@app/ami';
import { AmiTestServer, AmiTestServerOptions, loadTrace, recordingLogger, waitFor } from '@app/testing';

/** What the library hands out: one flat object per block, one value per header name. */
type LibraryMessage = Readonly<Record<string, string | null | undefined>>;

interface LibraryClientOptions {
  reconnect?: boolean;
  maxAttemptsCount?: number;
  attemptsDelay?: number;
  keepAlive?: boolean;
  keepAliveDelay?: number;
}

interface LibraryClient {
  connect(user: string, secret: string, options: { host: string; port: number }): Promise<unknown>;
  disconnect(): LibraryClient;
  action(message: Record<string, string>, promisable: true): Promise<LibraryMessage>;
  on(event: 'event' | 'response', listener: (message: LibraryMessage) => void): LibraryClient;
  readonly isConnected: boolean | null;
}

type LibraryClientConstructor = new (options?: LibraryClientOptions) => LibraryClient;

// The package ships no types; its surface is declared above from its source.
const LibraryAmiClient = createRequire(__filename)('asterisk-ami-client') as LibraryClientConstructor;

function recordedEvents(trace: string): AmiMessage[] {
  return new AmiFrameParser()
    .push(loadTrace(trace).bytes)
    .flatMap((f) => (f.kind === 'message' && f.message.event !== undefined ? [f.message] : []));
}

/** the recorded block answering `actionId` in a trace */
function recordedResponse(trace: string, actionId: string): string {
  const block = loadTrace(trace)
    .bytes.toString('utf8')
    .split('\r\n\r\n')
    .find((b) => b.includes(`\r\nActionID: ${actionId}\r\n`));
  if (block === undefined) throw new Error(`no ${actionId} in ${trace}`);
  return `${block}\r\n\r\n`;
}

describe('asterisk-ami-client@1.1.5 on our traces, against AmiClient', () => {
  const servers: AmiTestServer[] = [];
  const libraries: LibraryClient[] = [];
  const clients: AmiClient[] = [];

  async function startServer(options: AmiTestServerOptions = {}): Promise<AmiTestServer> {
    const server = await AmiTestServer.start(options);
    servers.push(server);
    return server;
  }

  async function connectLibrary(server: AmiTestServer, options: LibraryClientOptions = {}) {
    const library = new LibraryAmiClient({ reconnect: false, keepAlive: false, ...options });
    libraries.push(library);
    const events: LibraryMessage[] = [];
    const responses: LibraryMessage[] = [];
    library.on('event', (e) => events.push(e));
    library.on('response', (r) => responses.push(r));
    await library.connect(server.username, server.secret, { host: server.host, port: server.port });
    return { library, events, responses };
  }

  async function connectOurs(server: AmiTestServer, options: Partial<AmiClientOptions> = {}) {
    const client = new AmiClient(
      { ...server.clientOptions(), keepaliveIntervalMs: 0, reconnect: { initialDelayMs: 20 }, ...options },
      recordingLogger(),
    );
    clients.push(client);
    const events: AmiMessage[] = [];
    client.on('event', (e) => events.push(e));
    await client.start();
    return { client, events };
  }

  afterEach(async () => {
    for (const library of libraries.splice(0)) library.disconnect();
    await Promise.all(clients.splice(0).map((c) => c.stop()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  describe('trace 01 event count', () => {
    const expected = recordedEvents('01-inbound-answered');

    it('DEFECT: loses the events that share a TCP read with the login response', async () => {
      // Asterisk writes FullyBooted right after the login response; under load both come in
      // one read. The connector parses that read with its login-only stream, then unpipes
      // it: every block after the response in that read is dropped, and the next read
      // starts mid-block. Here the whole session comes at once, as a busy server sends it.
      const libraryServer = await startServer({ trace: '01-inbound-answered' });
      const library = await connectLibrary(libraryServer);
      const ourServer = await startServer({ trace: '01-inbound-answered' });
      const ours = await connectOurs(ourServer);

      await waitFor(() => ours.events.length >= expected.length);
      await libraryServer.waitForStreamed(1);
      // a round trip after the stream: everything the library was going to deliver is in
      await library.library.action({ Action: 'Ping' }, true);

      expect(expected).toHaveLength(134);
      expect(library.events.length).toBeLessThan(expected.length);
      expect(library.events.map((e) => e.Event)).not.toContain('FullyBooted');
      expect(ours.events.map((e) => e.headers)).toEqual(expected.map((e) => e.headers));
    });

    it('correct: all 134 events when the login response comes alone', async () => {
      const libraryServer = await startServer({ trace: '01-inbound-answered', pauseAfterLoginMs: 20, chunkSize: 1460 });
      const library = await connectLibrary(libraryServer);
      await libraryServer.waitForStreamed(1);
      await library.library.action({ Action: 'Ping' }, true);
      expect(library.events.map((e) => e.Event)).toEqual(expected.map((e) => e.event));
    });
  });

  it('DEFECT: keeps only the last of repeated ChanVariable lines (trace 01)', async () => {
    const serverOptions = { trace: '01-inbound-answered', pauseAfterLoginMs: 20, chunkSize: 1460 };
    const libraryServer = await startServer(serverOptions);
    const library = await connectLibrary(libraryServer);
    const ours = await connectOurs(await startServer(serverOptions));
    const expected = recordedEvents('01-inbound-answered');
    await libraryServer.waitForStreamed(1);
    await library.library.action({ Action: 'Ping' }, true);
    await waitFor(() => ours.events.length >= expected.length);
    expect(library.events).toHaveLength(expected.length);

    const repeated = expected
      .map((event, i) => ({ i, values: event.getAll('ChanVariable') }))
      .filter(({ values }) => values.length > 1);
    expect(repeated.length).toBeGreaterThan(50);
    for (const { i, values } of repeated) {
      // one string, the last line: CALL_DIRECTION=... is gone
      expect(library.events[i].ChanVariable).not.toEqual(values);
      expect(library.events[i].ChanVariable).toBe(values[values.length - 1]);
      expect(ours.events[i].getAll('ChanVariable')).toEqual(values);
    }
    const newchannel = ours.events.find((e) => e.event === 'Newchannel');
    expect(newchannel?.channelVariables()).toEqual({ CALL_DIRECTION: '', CRM_ID: '' });
  });

  it('DEFECT: keeps only the last ChanVariable(<channel>) of the OriginateResponse (trace 08); correct: it is an event', async () => {
    const serverOptions = { trace: '08-originate-click-to-call', pauseAfterLoginMs: 20 };
    const libraryServer = await startServer(serverOptions);
    const library = await connectLibrary(libraryServer);
    const ours = await connectOurs(await startServer(serverOptions));
    await libraryServer.waitForStreamed(1);
    await library.library.action({ Action: 'Ping' }, true);
    await waitFor(() => ours.events.some((e) => e.event === 'OriginateResponse'));

    const libraryOriginate = library.events.find((e) => e.Event === 'OriginateResponse');
    expect(libraryOriginate).toBeDefined(); // correct: delivered as an event, and the only
    // response with its ActionID is the real one (the event was not taken for it)
    expect(library.responses.filter((r) => r.ActionID === 'crm-c2c-0001').map((r) => r.Message)).toEqual([
      'Originate successfully queued',
    ]);
    expect(libraryOriginate?.Response).toBe('Success');
    // defect: two lines share the key `ChanVariable(PJSIP/1001-00000013)`; CALL_DIRECTION= is lost
    expect(libraryOriginate?.['ChanVariable(PJSIP/1001-00000013)']).not.toEqual([
      'CALL_DIRECTION=',
      'CRM_ID=deal-4242',
    ]);
    expect(libraryOriginate?.['ChanVariable(PJSIP/1001-00000013)']).toBe('CRM_ID=deal-4242');

    const ourOriginate = ours.events.find((e) => e.event === 'OriginateResponse');
    expect(ourOriginate?.response).toBeUndefined();
    expect(ourOriginate?.getAll('ChanVariable(PJSIP/1001-00000013)')).toEqual(['CALL_DIRECTION=', 'CRM_ID=deal-4242']);
    expect(ourOriginate?.channelVariables()).toEqual({ CALL_DIRECTION: '', CRM_ID: 'deal-4242' });
  });

  it("DEFECT: keeps one Output line of a Command response and trims its leading spaces (trace 00's cmd-2)", async () => {
    const recorded = recordedResponse('00-login', 'cmd-2');
    const expectedOutput = new AmiFrameParser()
      .push(Buffer.from(recorded))
      .flatMap((f) => (f.kind === 'message' ? f.message.getAll('Output') : []));
    const answerWithRecording = (server: AmiTestServer) =>
      server.onAction('Command', (action, connection) =>
        connection.send(recorded.replace('ActionID: cmd-2', `ActionID: ${action.actionId ?? ''}`)),
      );
    const libraryServer = answerWithRecording(await startServer());
    const ourServer = answerWithRecording(await startServer());
    const library = await connectLibrary(libraryServer);
    const ours = await connectOurs(ourServer);

    const libraryResponse = await library.library.action(
      { Action: 'Command', Command: 'pjsip show endpoint 1002' },
      true,
    );
    const ourResponse = await ours.client.action({ Action: 'Command', Command: 'pjsip show endpoint 1002' });

    expect(expectedOutput).toHaveLength(160);
    expect(expectedOutput).toContain(' callerid                           : "Иван Петров" <1002>');
    expect(libraryResponse.Output).not.toEqual(expectedOutput);
    expect(libraryResponse.Output).toBe(''); // the last line only
    expect(ourResponse.getAll('Output')).toEqual(expectedOutput);
  });

  it('DEFECT: trims the leading spaces of values', async () => {
    const block = 'Response: Success\r\nActionID: %ID%\r\nOutput:    Members: \r\n\r\n';
    const answer = (server: AmiTestServer) =>
      server.onAction('Command', (action, connection) => connection.send(block.replace('%ID%', action.actionId ?? '')));
    const library = await connectLibrary(answer(await startServer()));
    const ours = await connectOurs(answer(await startServer()));
    const libraryResponse = await library.library.action({ Action: 'Command', Command: 'queue show' }, true);
    expect(libraryResponse.Output).not.toBe('   Members: ');
    expect(libraryResponse.Output).toBe('Members:');
    expect((await ours.client.action({ Action: 'Command', Command: 'queue show' })).get('Output')).toBe('   Members: ');
  });

  it('correct: a Cyrillic CallerIDName split inside a character across TCP reads', async () => {
    const event = Buffer.from('Event: Newchannel\r\nCallerIDName: Иван Петров\r\nChannel: PJSIP/1002-00000001\r\n\r\n');
    const split = event.indexOf(Buffer.from('в')) + 1;
    const libraryServer = await startServer();
    const ourServer = await startServer();
    const library = await connectLibrary(libraryServer);
    const ours = await connectOurs(ourServer);
    for (const server of [libraryServer, ourServer]) server.send(event.subarray(0, split));
    await new Promise((resolve) => setTimeout(resolve, 30)); // let the first half be read on its own
    for (const server of [libraryServer, ourServer]) server.send(event.subarray(split));

    await waitFor(() => library.events.length >= 1 && ours.events.length >= 1);
    expect(library.events[0].CallerIDName).toBe('Иван Петров');
    expect(ours.events[0].get('CallerIDName')).toBe('Иван Петров');
  });

  it('correct: values with colons and empty values (SuccessfulAuth, CoreSettings of trace 00)', async () => {
    const serverOptions = { trace: '00-login', pauseAfterLoginMs: 20 };
    const libraryServer = await startServer(serverOptions);
    const library = await connectLibrary(libraryServer);
    await libraryServer.waitForStreamed(1);
    await library.library.action({ Action: 'Ping' }, true);
    const auth = library.events.find((e) => e.Event === 'SuccessfulAuth');
    expect(auth?.EventTV).toBe('2026-11-26T05:59:28.667+0000');
    const settings = library.responses.find((r) => r.ActionID === 'coresettings-1');
    expect(settings?.SystemName).toBe('');
  });

  it('correct: reconnects after the drop of trace 15 and delivers both sessions (login response alone)', async () => {
    const server = await startServer({ trace: '15-reconnect', pauseAfterLoginMs: 20, chunkSize: 1460 });
    const library = await connectLibrary(server, { reconnect: true, attemptsDelay: 20 });
    await server.waitForStreamed(2);
    await waitFor(() => library.library.isConnected === true && server.logins.length === 2);
    await library.library.action({ Action: 'Ping' }, true);
    expect(library.events.map((e) => e.Event)).toEqual(recordedEvents('15-reconnect').map((e) => e.event));
  });

  it('correct: a pending action is rejected on disconnect and not re-sent after the reconnect', async () => {
    const server = await startServer();
    server.onAction('Originate', () => {});
    const library = await connectLibrary(server, { reconnect: true, attemptsDelay: 20 });
    const pending = library.library.action({ Action: 'Originate', Channel: 'PJSIP/1001' }, true);
    const rejected = pending.then(
      () => 'resolved',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    await server.waitForAction('Originate');
    server.dropClients();
    expect(await rejected).toBe('Client disconnected.');
    await server.waitForLogins(2);
    await waitFor(() => library.library.isConnected === true);
    await library.library.action({ Action: 'Ping' }, true);
    expect(server.actionsNamed('Originate')).toHaveLength(1);
  });

  it('NO LIMIT: buffers a 1 MB line whole and delivers it; later events do arrive', async () => {
    const huge = Buffer.concat([
      Buffer.from('Event: Junk\r\nX: '),
      Buffer.alloc(1024 * 1024, 'z'),
      Buffer.from('\r\n\r\n'),
    ]);
    const libraryServer = await startServer();
    const ourServer = await startServer();
    const library = await connectLibrary(libraryServer);
    const ours = await connectOurs(ourServer, { parser: { maxLineBytes: 64 * 1024 } });
    const protocolErrors: string[] = [];
    ours.client.on('protocolError', (error) => protocolErrors.push(error.code));
    for (const server of [libraryServer, ourServer]) {
      for (let at = 0; at < huge.length; at += 65536) server.send(huge.subarray(at, at + 65536));
      server.sendBlock({ Event: 'After' });
    }
    await waitFor(() => library.events.length >= 2 && ours.events.length >= 1);
    // the library has no line or block limit: a peer can make it buffer without bound
    expect(library.events.map((e) => [e.Event, e.X?.length])).toEqual([
      ['Junk', 1024 * 1024],
      ['After', undefined],
    ]);
    expect(ours.events.map((e) => e.event)).toEqual(['After']);
    expect(protocolErrors).toEqual(['AMI_LINE_TOO_LONG']);
  });

  it('DEFECT: ActionIDs are Date.now(), so concurrent actions collide and get each other’s responses', async () => {
    const answer = (server: AmiTestServer) =>
      server.onAction('Command', (action, connection) =>
        connection.respond(action, 'Success', { Output: action.get('Command') ?? '' }),
      );
    const libraryServer = answer(await startServer());
    const library = await connectLibrary(libraryServer);
    const ours = await connectOurs(answer(await startServer()));
    const commands = Array.from({ length: 10 }, (_, i) => `echo ${i}`);

    const libraryAnswers = await Promise.all(
      commands.map((Command) => library.library.action({ Action: 'Command', Command }, true)),
    );
    const sentIds = libraryServer.actionsNamed('Command').map((a) => a.message.actionId);
    expect(new Set(sentIds).size).toBeLessThan(commands.length);
    expect(libraryAnswers.filter((r, i) => r.Output !== commands[i]).length).toBeGreaterThan(0);

    const ourAnswers = await Promise.all(commands.map((Command) => ours.client.action({ Action: 'Command', Command })));
    expect(ourAnswers.map((r) => r.get('Output'))).toEqual(commands);
  });

  it('DEFECT: CR/LF in a value injects headers and whole actions', async () => {
    const fields = { Action: 'UserEvent', UserEvent: 'CrmNote\r\n\r\nAction: Originate\r\nChannel: PJSIP/1001' };
    const libraryServer = await startServer();
    const ourServer = await startServer();
    for (const server of [libraryServer, ourServer]) {
      server.onAction('UserEvent', (action, connection) => connection.respond(action, 'Success'));
      server.onAction('Originate', (action, connection) =>
        connection.respond(action, 'Success', { Message: 'Originate successfully queued' }),
      );
    }
    const library = await connectLibrary(libraryServer);
    const ours = await connectOurs(ourServer);

    const libraryResponse = await library.library.action({ ...fields }, true);
    expect(libraryServer.actionsNamed('Originate')).toHaveLength(1); // an Originate nobody asked for...
    // ...which even took the UserEvent's ActionID: the caller gets the Originate's answer
    expect(libraryResponse.Message).toBe('Originate successfully queued');

    await ours.client.action({ ...fields });
    expect(ourServer.actionsNamed('Originate')).toHaveLength(0);
    expect(ourServer.actionsNamed('UserEvent')[0].message.get('UserEvent')).toBe(
      'CrmNoteAction: OriginateChannel: PJSIP/1001',
    );
  });

  it('DEFECT: a refused login is never retried, even with reconnect: true (trace 16)', async () => {
    const server = await startServer({ trace: '16-login-failed' });
    const library = new LibraryAmiClient({ reconnect: true, attemptsDelay: 20, keepAlive: false });
    libraries.push(library);
    await expect(
      library.connect('crm-library', 'wrong-secret', { host: server.host, port: server.port }),
    ).rejects.toThrow('Authentication failed');

    const ours = new AmiClient(
      { ...server.clientOptions(), secret: 'wrong-secret', keepaliveIntervalMs: 0, reconnect: { initialDelayMs: 20 } },
      recordingLogger(),
    );
    clients.push(ours);
    await expect(ours.start()).rejects.toThrow('Authentication failed');
    // ours retries on the same backoff scale meanwhile; the library made its one attempt only
    await server.waitUntil(() => (server.logins.filter((l) => l.username === 'crm').length >= 3 ? true : undefined));
    expect(server.logins.filter((l) => l.username === 'crm-library')).toHaveLength(1);
  });

  it('DEFECT: keepAlive never notices a Ping that gets no answer', async () => {
    const server = await startServer();
    const library = await connectLibrary(server, { keepAlive: true, keepAliveDelay: 20 });
    server.answerPings = false;
    const ours = new AmiClient(
      {
        ...server.clientOptions(),
        username: 'crm',
        keepaliveIntervalMs: 20,
        keepaliveTimeoutMs: 40,
        reconnect: { initialDelayMs: 20 },
      },
      recordingLogger(),
    );
    clients.push(ours);
    const disconnected = new Promise<string>((resolve) => ours.once('disconnected', resolve));
    await ours.start();
    expect(await disconnected).toContain('keepalive');
    await server.waitForConnections(3);

    // the library's first connection is still considered up, its one Ping unanswered
    expect(library.library.isConnected).toBe(true);
    expect(server.actionsNamed('Ping').filter((a) => a.connectionId === 1)).toHaveLength(1);
  });
});
