import { AmiFrameParser, AmiMessage } from '@app/ami';
import { AmiTestConnection, AmiTestServer } from './ami-test-server';
import { ChannelTable, coreShowChannelsAnswer, formatAmiBlock, loadTrace } from '@app/pbx-simulator';

export interface AmiLiveServerOptions {
  /** the recorded events to play: `14`, a trace name or an absolute `.ami` path (its first session) */
  trace: string;
  /** events written per tick (default 5) */
  eventsPerTick?: number;
  /** pause between ticks (default 5 ms) */
  tickMs?: number;
  /**
   * `hold` (default): with nobody listening the PBX is quiet, the stream waits and nothing is missed. `play`: the
   * events keep happening, as on a real Asterisk, and whoever is not connected misses them.
   */
  whileNobodyListens?: 'hold' | 'play';
  /**
   * Rewrite every `Timestamp:` to the wall clock: each (re)start of the stream maps the stream's present to now.
   * A restarted ingest, which knows no time yet, dates `CoreShowChannel` items by its own clock (`now - Duration`);
   * the recorded timestamps are from the day of the recording. Default false: the recorded times as they are.
   */
  retime?: boolean;
  username?: string;
  secret?: string;
}

interface LiveEvent {
  readonly message: AmiMessage;
  /** recorded Timestamp made monotonic (a multiplied trace starts over at each copy), ms; undefined without one */
  readonly streamMs: number | undefined;
}

/**
 * A PBX whose calls happen once, for everybody: the events of a recorded trace are played live to every logged-in
 * client at the same time (two ingest replicas on one Asterisk see the same stream), and `CoreShowChannels` lists
 * the channels that are up at that point of the stream (a {@link ChannelTable}), as after a reconnect or a
 * restart. A client receives events once its channel list was answered: a real Asterisk streams from the login
 * on, and what races the list there is a timing accident the tests keep out.
 *
 * ```ts
 * const pbx = await AmiLiveServer.start({ trace: '14-concurrent-burst' });
 * // ...start the ingest against pbx.ami, wait for pbx.listeners >= 1...
 * pbx.play();
 * await pbx.waitForEnd(30_000);
 * ```
 */
export class AmiLiveServer {
  private readonly events: LiveEvent[];
  private readonly table = new ChannelTable();
  private readonly listening = new Set<AmiTestConnection>();
  private readonly options: Required<Omit<AmiLiveServerOptions, 'username' | 'secret'>>;
  private cursor = 0;
  private playing = false;
  private stopAt = Number.POSITIVE_INFINITY;
  private held = true;
  private timer?: NodeJS.Timeout;
  private clockOffsetMs = 0;
  private lastStreamMs = 0;
  private closed = false;

  private constructor(
    readonly ami: AmiTestServer,
    options: AmiLiveServerOptions,
  ) {
    this.options = {
      trace: options.trace,
      eventsPerTick: options.eventsPerTick ?? 5,
      tickMs: options.tickMs ?? 5,
      whileNobodyListens: options.whileNobodyListens ?? 'hold',
      retime: options.retime ?? false,
    };
    this.events = liveEvents(options.trace);
    ami.onAction('CoreShowChannels', (action, connection) => this.listChannels(action, connection));
  }

  static async start(options: AmiLiveServerOptions): Promise<AmiLiveServer> {
    const ami = await AmiTestServer.start({ username: options.username, secret: options.secret });
    return new AmiLiveServer(ami, options);
  }

  get port(): number {
    return this.ami.port;
  }

  /** events played so far */
  get position(): number {
    return this.cursor;
  }

  get total(): number {
    return this.events.length;
  }

  /** logged-in clients whose channel list was answered: they receive the stream */
  get listeners(): number {
    return this.liveListeners().length;
  }

  /** the channels up at this point of the stream */
  get channelsUp(): number {
    return this.table.size;
  }

  /** For each position (events played, 0..total), how many channels are up there: where to cut a test. */
  channelsUpProfile(): number[] {
    const table = new ChannelTable();
    const profile = [0];
    for (const { message } of this.events) {
      table.apply(message.headers, table.nowMs);
      profile.push(table.size);
    }
    return profile;
  }

  /** Starts (or resumes) the stream; with `until`, it pauses by itself once that many events were played. */
  play(until = Number.POSITIVE_INFINITY): void {
    this.stopAt = until;
    if (this.closed || this.playing) return;
    this.playing = true;
    this.held = true;
    this.schedule(0);
  }

  /** Stops the stream where it is: the PBX is quiet until play(). */
  pause(): void {
    this.playing = false;
    clearTimeout(this.timer);
  }

  /** Drops every client at once, like a network failure; they may reconnect. */
  cut(): void {
    this.listening.clear();
    this.ami.dropClients();
  }

  waitForPosition(position: number, timeoutMs = 30_000): Promise<number> {
    return this.poll(() => (this.cursor >= position ? this.cursor : undefined), timeoutMs, `event #${position}`);
  }

  waitForEnd(timeoutMs = 30_000): Promise<number> {
    return this.waitForPosition(this.events.length, timeoutMs);
  }

  waitForListeners(count: number, timeoutMs = 10_000): Promise<number> {
    return this.poll(() => (this.listeners >= count ? this.listeners : undefined), timeoutMs, `${count} listener(s)`);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.pause();
    await this.ami.close();
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), delayMs);
  }

  private tick(): void {
    if (!this.playing || this.closed) return;
    const listeners = this.liveListeners();
    if (listeners.length === 0 && this.options.whileNobodyListens === 'hold') {
      this.held = true;
      this.schedule(this.options.tickMs);
      return;
    }
    if (this.held) this.restartClock();
    this.held = false;
    const blocks: string[] = [];
    const end = Math.min(this.events.length, this.stopAt);
    for (let n = 0; n < this.options.eventsPerTick && this.cursor < end; n++) {
      const event = this.events[this.cursor++];
      const message = this.options.retime ? this.retimed(event) : event.message;
      this.table.apply(message.headers, this.table.nowMs);
      blocks.push(formatAmiBlock(message.headers));
    }
    const bytes = blocks.join('');
    for (const connection of listeners) connection.send(bytes);
    if (this.cursor < end) this.schedule(this.options.tickMs);
    else this.playing = false;
  }

  /** The stream's present becomes now: what was recorded later keeps its distance from it. */
  private restartClock(): void {
    const next = this.events.slice(this.cursor).find((e) => e.streamMs !== undefined)?.streamMs;
    const present = this.cursor === 0 ? (next ?? 0) : this.lastStreamMs;
    this.clockOffsetMs = Date.now() - present;
  }

  private retimed(event: LiveEvent): AmiMessage {
    if (event.streamMs === undefined) return event.message;
    this.lastStreamMs = event.streamMs;
    const micros = Math.round((event.streamMs + this.clockOffsetMs) * 1000);
    const stamp = `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
    return new AmiMessage(event.message.headers.map(([n, v]) => [n, n === 'Timestamp' ? stamp : v] as const));
  }

  private liveListeners(): AmiTestConnection[] {
    for (const c of this.listening) if (!c.open) this.listening.delete(c);
    return [...this.listening];
  }

  private listChannels(action: AmiMessage, connection: AmiTestConnection): void {
    // The stream's clock, not the wall's: a replayed trace lists the durations of its recording.
    connection.send(coreShowChannelsAnswer(action, this.table.coreShowChannels(this.table.nowMs)));
    this.listening.add(connection);
  }

  private poll<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    return new Promise<T>((resolve, reject) => {
      const check = (): void => {
        const value = probe();
        if (value !== undefined) return resolve(value);
        if (this.closed || Date.now() > deadline) {
          return reject(new Error(`AmiLiveServer: no ${what} within ${timeoutMs} ms (at ${this.cursor})`));
        }
        setTimeout(check, 10);
      };
      check();
    });
  }
}

/** The events of the trace's first session, Timestamps made monotonic across the copies of a multiplied trace. */
function liveEvents(trace: string): LiveEvent[] {
  const { bytes, sessions } = loadTrace(trace);
  const first = sessions[0];
  const frames = new AmiFrameParser().push(bytes.subarray(first.startByte, first.endByte));
  const out: LiveEvent[] = [];
  let previous: number | undefined;
  let stream = 0;
  for (const frame of frames) {
    if (frame.kind !== 'message' || frame.message.event === undefined) continue;
    const seconds = Number(frame.message.get('Timestamp'));
    let streamMs: number | undefined;
    if (Number.isFinite(seconds) && seconds > 0) {
      const at = seconds * 1000;
      stream += previous === undefined ? at : Math.max(0, at - previous);
      previous = at;
      streamMs = stream;
    }
    out.push({ message: frame.message, streamMs });
  }
  return out;
}
