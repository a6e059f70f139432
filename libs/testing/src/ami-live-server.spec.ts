import { AmiClient, AmiMessage } from '@app/ami';
import { AmiLiveServer } from './ami-live-server';
import { waitFor } from './wait-for';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('AmiLiveServer', () => {
  let sut: AmiLiveServer;
  const clients: AmiClient[] = [];

  async function listener(): Promise<{ client: AmiClient; events: AmiMessage[] }> {
    const client = new AmiClient({ ...sut.ami.clientOptions(), reconnect: { initialDelayMs: 50 } }, quiet);
    const events: AmiMessage[] = [];
    client.on('event', (m) => events.push(m));
    client.on('connected', () => void client.actionList({ Action: 'CoreShowChannels' }).catch(() => undefined));
    clients.push(client);
    await client.start();
    return { client, events };
  }

  afterEach(async () => {
    for (const c of clients.splice(0)) await c.stop();
    await sut.close();
  });

  it('plays the same events to every listener, once', async () => {
    sut = await AmiLiveServer.start({ trace: '01-inbound-answered', eventsPerTick: 20, tickMs: 1 });
    const [a, b] = [await listener(), await listener()];
    await sut.waitForListeners(2);
    sut.play();
    await sut.waitForEnd();
    await waitFor(() => a.events.length === sut.total && b.events.length === sut.total, { timeoutMs: 5000 });
    expect(b.events.map((m) => m.headers)).toEqual(a.events.map((m) => m.headers));
  });

  it('holds the stream while nobody listens and lists the channels up when a client is back', async () => {
    sut = await AmiLiveServer.start({ trace: '01-inbound-answered', eventsPerTick: 20, tickMs: 1 });
    const { client, events } = await listener();
    await sut.waitForListeners(1);
    const profile = sut.channelsUpProfile();
    const cutAt = profile.findIndex((up) => up >= 2);
    sut.play(cutAt);
    await sut.waitForPosition(cutAt);
    sut.play();
    sut.cut();
    await waitFor(() => !client.isConnected, { timeoutMs: 5000 });
    const heldAt = sut.position;

    await sut.waitForListeners(1);
    // The stream goes on once the client is back: held still, the list and the table are read at one point.
    sut.pause();
    const list = await client.actionList({ Action: 'CoreShowChannels' });
    expect(heldAt).toBeLessThan(sut.total);
    expect(list.items.map((i) => i.get('Channel'))).toHaveLength(sut.channelsUp);
    sut.play();
    await sut.waitForEnd();
    await waitFor(() => events.length === sut.total, { timeoutMs: 5000, what: 'every event, none missed' });
  });

  it('rewrites Timestamps to the wall clock when asked (retime)', async () => {
    sut = await AmiLiveServer.start({ trace: '01-inbound-answered', eventsPerTick: 50, tickMs: 1, retime: true });
    const { events } = await listener();
    await sut.waitForListeners(1);
    const startedAt = Date.now();
    sut.play();
    await sut.waitForEnd();
    await waitFor(() => events.length === sut.total, { timeoutMs: 5000 });
    const first = Number(events.find((m) => m.has('Timestamp'))?.get('Timestamp')) * 1000;
    expect(Math.abs(first - startedAt)).toBeLessThan(5000);
  });
});
