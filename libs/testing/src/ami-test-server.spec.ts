import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { AmiTestServer } from './ami-test-server';
import { listTraceNames, loadTrace, traceAmiPath } from '@app/pbx-simulator';
import { waitFor } from './wait-for';

/** A bare TCP client: what the server sends, byte for byte. */
class RawClient {
  private chunks: Buffer[] = [];
  ended = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    socket.on('close', () => {
      this.ended = true;
    });
  }

  static async connect(port: number): Promise<RawClient> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new RawClient(socket);
  }

  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  get text(): string {
    return this.bytes.toString('utf8');
  }

  write(data: string): void {
    this.socket.write(data);
  }

  waitForText(part: string): Promise<true> {
    return waitFor(() => this.text.includes(part), { what: JSON.stringify(part) });
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** the Login blocks the recorder sent, from the trace's .jsonl */
function recordedLogins(trace: string): string[] {
  return readFileSync(traceAmiPath(trace).replace(/\.ami$/, '.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { dir: string; raw?: string })
    .filter((e) => e.dir === 'out' && e.raw?.startsWith('Action: Login'))
    .map((e) => e.raw ?? '');
}

describe('AmiTestServer', () => {
  let sut: AmiTestServer;
  const clients: RawClient[] = [];

  async function client(): Promise<RawClient> {
    const c = await RawClient.connect(sut.port);
    clients.push(c);
    return c;
  }

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await sut?.close();
  });

  describe('replay', () => {
    it.each(listTraceNames().filter((n) => n !== '14-concurrent-burst'))(
      'replays %s byte for byte to a client sending the recorded Login',
      async (name) => {
        sut = await AmiTestServer.start({ trace: name, chunkSize: 1460 });
        const trace = loadTrace(name);
        const logins = recordedLogins(name);
        expect(logins).toHaveLength(trace.sessions.length);
        for (const [i, session] of trace.sessions.entries()) {
          const c = await client();
          await c.waitForText('\r\n');
          c.write(logins[i]);
          const expected = trace.bytes.subarray(session.startByte, session.endByte);
          await waitFor(() => c.bytes.length >= expected.length, { what: `session ${i + 1}` });
          expect(c.bytes.equals(expected)).toBe(true);
        }
      },
    );

    it('replays the 1 MB burst (14) byte for byte in odd-sized chunks', async () => {
      sut = await AmiTestServer.start({ trace: '14', chunkSize: 7919 });
      const c = await client();
      c.write(recordedLogins('14-concurrent-burst')[0]);
      const expected = loadTrace('14').bytes;
      await waitFor(() => c.bytes.length >= expected.length);
      expect(c.bytes.equals(expected)).toBe(true);
    });

    it('closes a non-final session after streaming it, keeps the last one open', async () => {
      sut = await AmiTestServer.start({ trace: '15-reconnect' });
      const first = await client();
      first.write(recordedLogins('15-reconnect')[0]);
      await waitFor(() => first.ended);
      const second = await client();
      second.write(recordedLogins('15-reconnect')[1]);
      await sut.waitForStreamed(2);
      expect(second.ended).toBe(false);
      expect(sut.connections.map((c) => c.session)).toEqual([2]);
    });

    it('echoes the client ActionID in the login response and skips the recorded one', async () => {
      sut = await AmiTestServer.start({ trace: '17-originate-bad-params' });
      const c = await client();
      c.write('Action: Login\r\nActionID: mine-1\r\nUsername: crm\r\nSecret: crmS3cret\r\n\r\n');
      await sut.waitForStreamed(1);
      await c.waitForText('Event: OriginateResponse');
      expect(c.text.startsWith('Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nActionID: mine-1\r\n')).toBe(true);
      expect(c.text).not.toContain('login-0001');
    });

    it('paces by the .jsonl timestamps', async () => {
      sut = await AmiTestServer.start({ trace: '17-originate-bad-params', paceSpeed: 100 });
      const c = await client();
      c.write(recordedLogins('17-originate-bad-params')[0]);
      await sut.waitForStreamed(1);
      await waitFor(() => c.bytes.length >= loadTrace('17').bytes.length);
      expect(c.bytes.equals(loadTrace('17').bytes)).toBe(true);
    });

    it('sends the login response alone when asked to pause after it', async () => {
      sut = await AmiTestServer.start({ trace: '00-login', pauseAfterLoginMs: 30 });
      const c = await client();
      c.write(recordedLogins('00-login')[0]);
      await c.waitForText('Authentication accepted\r\n\r\n');
      expect(c.text.endsWith('Authentication accepted\r\n\r\n')).toBe(true);
      await c.waitForText('Event: FullyBooted');
    });

    it('gives logins beyond the recorded sessions an idle session', async () => {
      sut = await AmiTestServer.start({ trace: '17-originate-bad-params' });
      (await client()).write('Action: Login\r\nActionID: a\r\nUsername: crm\r\nSecret: crmS3cret\r\n\r\n');
      await sut.waitForStreamed(1);
      const c = await client();
      c.write('Action: Login\r\nActionID: b\r\nUsername: crm\r\nSecret: crmS3cret\r\n\r\n');
      await c.waitForText('Authentication accepted\r\n\r\n');
      expect(c.text).toBe(
        'Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nActionID: b\r\nMessage: Authentication accepted\r\n\r\n',
      );
    });
  });

  describe('login', () => {
    it('refuses a wrong secret like Asterisk and closes', async () => {
      sut = await AmiTestServer.start({ loginFailureDelayMs: 20 });
      const c = await client();
      c.write('Action: Login\r\nActionID: x-7\r\nUsername: crm\r\nSecret: nope\r\n\r\n');
      await waitFor(() => c.ended);
      expect(c.text).toBe(
        'Asterisk Call Manager/11.0.0\r\nResponse: Error\r\nActionID: x-7\r\nMessage: Authentication failed\r\n\r\n',
      );
      expect(sut.logins).toEqual([{ connectionId: 1, username: 'crm', authType: 'plain', accepted: false }]);
    });

    it('supports the MD5 challenge', async () => {
      sut = await AmiTestServer.start({ secret: 'md5-secret' });
      const c = await client();
      c.write('Action: Challenge\r\nActionID: c1\r\nAuthType: md5\r\n\r\n');
      await c.waitForText('Challenge: ');
      const challenge = /Challenge: (\d+)\r\n/.exec(c.text)?.[1] ?? '';
      const key = createHash('md5').update(`${challenge}md5-secret`).digest('hex');
      c.write(`Action: Login\r\nActionID: l1\r\nUsername: crm\r\nAuthType: md5\r\nKey: ${key}\r\n\r\n`);
      await c.waitForText('Authentication accepted');
      expect(sut.logins).toEqual([{ connectionId: 1, username: 'crm', authType: 'md5', accepted: true }]);
    });

    it('answers Permission denied before the login', async () => {
      sut = await AmiTestServer.start();
      const c = await client();
      c.write('Action: Ping\r\nActionID: p\r\n\r\n');
      await c.waitForText('Permission denied');
    });
  });

  describe('actions', () => {
    async function loggedIn(): Promise<RawClient> {
      const c = await client();
      c.write('Action: Login\r\nActionID: l\r\nUsername: crm\r\nSecret: crmS3cret\r\n\r\n');
      await c.waitForText('Authentication accepted\r\n\r\n');
      return c;
    }

    it('answers ListCommands with the actions the write classes allow, as Asterisk does', async () => {
      sut = await AmiTestServer.start();
      const c = await loggedIn();
      c.write('Action: ListCommands\r\nActionID: lc1\r\n\r\n');
      await c.waitForText('GetConfig: Retrieve configuration. (Priv: system,config,all)\r\n\r\n');
      expect(c.text).toContain('Originate: Originate a call. (Priv: originate,all)\r\n');
      expect(c.text).toContain('PJSIPShowEndpoints: Lists PJSIP endpoints. (Priv: system,all)\r\n');
      expect(c.text).toContain('Ping: Keepalive command. (Priv: <none>)\r\n');
      expect(c.text).not.toContain('Command: Execute');
      sut.writeClasses = ['reporting', 'command'];
      c.write('Action: ListCommands\r\nActionID: lc2\r\n\r\n');
      await c.waitForText('(Priv: command,all)\r\n\r\n');
      const second = c.text.slice(c.text.indexOf('ActionID: lc2'));
      expect(second).toContain('Command: Execute Asterisk CLI Command. (Priv: command,all)\r\n');
      expect(second).not.toContain('Originate:');
    });

    it('answers Ping with Pong and a timestamp, unless told not to', async () => {
      sut = await AmiTestServer.start();
      const c = await loggedIn();
      c.write('Action: Ping\r\nActionID: p1\r\n\r\n');
      await c.waitForText('ActionID: p1\r\nPing: Pong\r\nTimestamp: ');
      expect(c.text).toMatch(/Response: Success\r\nActionID: p1\r\nPing: Pong\r\nTimestamp: \d+\.\d{6}\r\n\r\n$/);
      sut.answerPings = false;
      c.write('Action: Ping\r\nActionID: p2\r\n\r\n');
      c.write('Action: Nope\r\nActionID: n1\r\n\r\n');
      await c.waitForText('ActionID: n1\r\nMessage: Invalid/unknown command\r\n\r\n');
      expect(c.text).not.toContain('p2');
    });

    it('says Goodbye to Logoff and closes', async () => {
      sut = await AmiTestServer.start();
      const c = await loggedIn();
      c.write('Action: Logoff\r\nActionID: bye\r\n\r\n');
      await waitFor(() => c.ended);
      expect(c.text).toContain('Response: Goodbye\r\nActionID: bye\r\nMessage: Thanks for all the fish.\r\n\r\n');
    });

    it('records every action parsed and raw, and runs registered handlers', async () => {
      sut = await AmiTestServer.start();
      sut.onAction('originate', (action, connection) =>
        connection.respond(action, 'Success', { Message: `queued ${action.getAll('Variable').join(';')}` }),
      );
      const c = await loggedIn();
      const raw = 'Action: Originate\r\nActionID: o1\r\nChannel: PJSIP/1001\r\nVariable: A=1\r\nVariable: B=2\r\n\r\n';
      c.write(raw.slice(0, 20));
      c.write(raw.slice(20));
      const received = await sut.waitForAction('Originate');
      expect(received.raw.toString()).toBe(raw);
      expect(received.message.getAll('Variable')).toEqual(['A=1', 'B=2']);
      expect(received.connectionId).toBe(1);
      await c.waitForText('Message: queued A=1;B=2\r\n\r\n');
    });

    it('reports a throwing handler to the client and in errors', async () => {
      sut = await AmiTestServer.start();
      sut.onAction('Originate', () => {
        throw new Error('handler bug');
      });
      const c = await loggedIn();
      c.write('Action: Originate\r\nActionID: o\r\n\r\n');
      await c.waitForText('Message: AmiTestServer handler threw: handler bug');
      expect(sut.errors.map((e) => e.message)).toEqual(['handler bug']);
    });

    it('sends bytes to clients and drops them', async () => {
      sut = await AmiTestServer.start();
      const c = await loggedIn();
      sut.sendBlock([
        ['Event', 'UserEvent'],
        ['X', '1'],
        ['X', '2'],
      ]);
      await c.waitForText('Event: UserEvent\r\nX: 1\r\nX: 2\r\n\r\n');
      sut.dropClients();
      await waitFor(() => c.ended);
      expect(sut.connections).toEqual([]);
    });
  });
});
