import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { connect } from 'node:net';
import { AmiServer, type AmiServerOptions } from './ami-server';
import type { AmiUser } from './ami-session';
import { answerLogin } from './asterisk-answers';

const CRM: AmiUser = { username: 'crm', secret: 's3cret', writeClasses: ['system', 'reporting', 'originate'] };
const REPORTER: AmiUser = { username: 'reporter', secret: 'r3ports', writeClasses: ['reporting'] };

/** A client over a real socket, reading the server's words as text. */
interface WireClient {
  readonly text: () => string;
  readonly closed: Promise<unknown>;
  write(text: string): void;
  /** everything read once it includes `part` */
  until(part: string): Promise<string>;
  destroy(): void;
}

async function wireClient(port: number): Promise<WireClient> {
  const socket = connect({ host: '127.0.0.1', port });
  await once(socket, 'connect');
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
  const closed = once(socket, 'close');
  const until = async (part: string): Promise<string> => {
    for (const deadline = Date.now() + 2000; !received.includes(part);) {
      if (Date.now() > deadline) throw new Error(`no ${JSON.stringify(part)} in ${JSON.stringify(received)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return received;
  };
  return { text: () => received, closed, write: (text) => socket.write(text), until, destroy: () => socket.destroy() };
}

const login = (user: AmiUser, extra = ''): string =>
  `Action: Login\r\nActionID: l\r\nUsername: ${user.username}\r\nSecret: ${user.secret}\r\n${extra}\r\n`;

describe('AmiServer', () => {
  let sut: AmiServer;
  const clients: WireClient[] = [];

  async function start(options: Partial<AmiServerOptions> = {}): Promise<AmiServer> {
    sut = new AmiServer({ users: () => [CRM, REPORTER], ...options });
    return sut.listen();
  }

  async function client(): Promise<WireClient> {
    const c = await wireClient(sut.port);
    clients.push(c);
    return c;
  }

  async function loggedIn(user = CRM, extra = ''): Promise<WireClient> {
    const c = await client();
    c.write(login(user, extra));
    await c.until('Authentication accepted\r\n\r\n');
    return c;
  }

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await sut.close();
  });

  describe('login', () => {
    it('greets with the banner and refuses actions before the login, as Asterisk does', async () => {
      await start();
      const c = await client();
      c.write('Action: Ping\r\nActionID: p\r\n\r\n');
      expect(await c.until('\r\n\r\n')).toBe(
        'Asterisk Call Manager/11.0.0\r\nResponse: Error\r\nActionID: p\r\nMessage: Permission denied\r\n\r\n',
      );
    });

    it('accepts a plain secret and echoes the ActionID', async () => {
      await start();
      const c = await loggedIn();
      expect(c.text()).toBe(
        'Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nActionID: l\r\nMessage: Authentication accepted\r\n\r\n',
      );
      expect(sut.sessions.map((s) => s.user?.username)).toEqual(['crm']);
    });

    it('refuses a wrong secret and closes', async () => {
      await start();
      const c = await client();
      c.write(login({ ...CRM, secret: 'nope' }));
      await c.closed;
      expect(c.text()).toContain('Response: Error\r\nActionID: l\r\nMessage: Authentication failed\r\n\r\n');
    });

    it('asks a Challenge for its AuthType, and accepts an MD5 key of the challenge it gave', async () => {
      await start();
      const c = await client();
      c.write('Action: Challenge\r\nActionID: c0\r\n\r\nAction: Challenge\r\nActionID: c1\r\nAuthType: MD5\r\n\r\n');
      const text = await c.until('Challenge: ');
      expect(text).toContain('Response: Error\r\nActionID: c0\r\nMessage: Must specify AuthType\r\n\r\n');
      const challenge = /Challenge: (\d{9})\r\n/.exec(text)?.[1] ?? '';
      const key = createHash('md5').update(`${challenge}${CRM.secret}`).digest('hex');
      c.write(`Action: Login\r\nActionID: l1\r\nUsername: crm\r\nAuthType: md5\r\nKey: ${key}\r\n\r\n`);
      await c.until('ActionID: l1\r\nMessage: Authentication accepted');
    });

    it('leaves the answer to a login handler, which learns the user and the auth type', async () => {
      const logins: string[] = [];
      await start({
        login: (attempt, session) => {
          logins.push(`${attempt.username}/${attempt.authType}/${attempt.user ? 'in' : 'out'}`);
          answerLogin(attempt, session);
          if (attempt.user) session.sendBlock({ Event: 'FullyBooted' });
        },
      });
      const c = await loggedIn();
      await c.until('Event: FullyBooted\r\n\r\n');
      expect(logins).toEqual(['crm/plain/in']);
    });
  });

  describe('actions', () => {
    it('answers Ping, an unknown action, and Logoff (with Goodbye and a close)', async () => {
      await start();
      const c = await loggedIn();
      c.write('Action: Ping\r\nActionID: p1\r\n\r\n');
      await c.until('ActionID: p1\r\nPing: Pong\r\nTimestamp: ');
      c.write('Action: Nope\r\n\r\n');
      await c.until('Response: Error\r\nMessage: Invalid/unknown command\r\n\r\n');
      c.write('Action: Logoff\r\nActionID: bye\r\n\r\n');
      await c.closed;
      expect(c.text()).toContain('Response: Goodbye\r\nActionID: bye\r\nMessage: Thanks for all the fish.\r\n\r\n');
    });

    it('refuses what the write classes do not allow, and lists only what they do', async () => {
      await start();
      sut.handle('PJSIPShowEndpoints', (action, session) => session.respond(action, 'Success'));
      const c = await loggedIn(REPORTER);
      c.write('Action: PJSIPShowEndpoints\r\nActionID: e1\r\n\r\n');
      await c.until('ActionID: e1\r\nMessage: Permission denied\r\n\r\n');
      c.write('Action: ListCommands\r\nActionID: lc\r\n\r\n');
      const text = await c.until('ActionID: lc\r\n');
      await c.until('CoreShowChannels: List currently active channels. (Priv: system,reporting,all)\r\n');
      expect(text).not.toContain('PJSIPShowEndpoints:');
    });

    it('lets any logged-in user send anything when told not to check write classes', async () => {
      await start({ checkWriteClasses: false });
      sut.handle('PJSIPShowEndpoints', (action, session) => session.respond(action, 'Success'));
      const c = await loggedIn(REPORTER);
      c.write('Action: pjsipshowendpoints\r\nActionID: e1\r\n\r\n');
      await c.until('Response: Success\r\nActionID: e1\r\n\r\n');
    });

    it('answers by the registered handler, a standard answer replaced too', async () => {
      await start();
      sut
        .handle('ping', () => undefined)
        .handle('Originate', (action, session) =>
          session.respond(action, 'Success', [
            ['Message', 'Originate successfully queued'],
            ['Channel', action.headers.find(([name]) => name === 'Channel')?.[1] ?? ''],
          ]),
        );
      const c = await loggedIn();
      c.write('Action: Ping\r\nActionID: p1\r\n\r\n');
      c.write('Action: Originate\r\nActionID: o1\r\nChannel: PJSIP/1001\r\n\r\n');
      await c.until('ActionID: o1\r\nMessage: Originate successfully queued\r\nChannel: PJSIP/1001\r\n\r\n');
      expect(c.text()).not.toContain('p1');
    });

    it('tells the observer of every action, before and after its answer, with its exact bytes', async () => {
      const seen: string[] = [];
      await start({
        observer: {
          received: (action, session) => seen.push(`received ${action.name} #${session.id} ${action.raw.length}`),
          answered: (action) => seen.push(`answered ${action.name}`),
        },
      });
      const c = await client();
      const ping = 'Action: Ping\r\nActionID: p\r\n\r\n';
      c.write(ping.slice(0, 9));
      c.write(ping.slice(9));
      await c.until('Permission denied');
      expect(seen).toEqual([`received Ping #1 ${ping.length}`, 'answered Ping']);
    });

    it('drops a client whose action outgrows the cap and tells the observer', async () => {
      const failures: string[] = [];
      await start({ maxActionBytes: 64, observer: { failed: (error) => failures.push(error.message) } });
      const c = await client();
      c.write(`Action: Login\r\nSecret: ${'x'.repeat(100)}`);
      await c.closed;
      expect(failures).toEqual([expect.stringContaining('without ending a block')]);
    });
  });

  describe('sessions', () => {
    it('broadcasts events to the sessions logged in for them only', async () => {
      await start();
      const listening = await loggedIn();
      const eventsOff = await loggedIn(CRM, 'Events: off\r\n');
      const stranger = await client();
      sut.broadcast('Event: Newchannel\r\nUniqueid: 1.1\r\n\r\n');
      await listening.until('Event: Newchannel');
      eventsOff.write('Action: Ping\r\nActionID: after\r\n\r\n');
      stranger.write('Action: Ping\r\nActionID: after\r\n\r\n');
      await eventsOff.until('ActionID: after');
      await stranger.until('ActionID: after');
      expect(eventsOff.text()).not.toContain('Newchannel');
      expect(stranger.text()).not.toContain('Newchannel');
      expect(sut.sessions.map((s) => s.receivesEvents)).toEqual([true, false, false]);
    });

    it('asks the banner for each client, counts them and forgets the closed ones', async () => {
      let served = 0;
      const closed: number[] = [];
      await start({
        banner: () => `Asterisk Call Manager/${++served}.0`,
        observer: { closed: (s) => closed.push(s.id) },
      });
      const first = await client();
      const second = await client();
      await first.until('Asterisk Call Manager/1.0\r\n');
      await second.until('Asterisk Call Manager/2.0\r\n');
      first.destroy();
      for (const deadline = Date.now() + 2000; closed.length === 0 && Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(closed).toEqual([1]);
      expect(sut.sessions.map((s) => s.id)).toEqual([2]);
      expect(sut.accepted).toBe(2);
    });

    it('drops every client on close, keeps its port known, and closes once', async () => {
      await start();
      const c = await loggedIn();
      const port = sut.port;
      await sut.close();
      await c.closed;
      await sut.close();
      expect(sut.port).toBe(port);
      expect(port).toBeGreaterThan(0);
    });
  });
});
