import {
  type AmiActionBlock,
  type AmiBlockHeaders,
  type AmiLogin,
  AmiServer,
  type AmiSession,
  type AmiUser,
  answerLogin,
  ChannelTable,
  coreShowChannelsAnswer,
  headerValue,
} from '@app/pbx-simulator';
import { CallLoop } from './call-loop';
import { CallPlay, ScheduledAmiEvent } from './call-play';
import { CallScenario, loadCallScenario } from './call-scenario';
import {
  BURST_SCENARIO,
  CALL_SCENARIOS,
  CLICK_TO_CALL_SCENARIO,
  DEFAULT_BURST_EVERY,
  ORIGINATE_FAILURES_SCENARIO,
} from './call-scenarios';
import { ChannelIdSequence } from './channel-id-sequence';
import { pjsipShowEndpointsAnswer } from './pjsip-endpoints-answer';
import { SimulatedOriginate } from './simulated-originate';

export interface SimulatedAsteriskOptions {
  /** directory of the recorded traces (`NN-slug.ami`) */
  readonly tracesDir: string;
  /** 0 = chosen by the OS */
  readonly port: number;
  /** the users of manager.conf, each with its write classes */
  readonly users: readonly AmiUser[];
  /** trace number prefixes to play in turn (default: CALL_SCENARIOS) */
  readonly scenarios?: readonly string[];
  /** 1 = recorded pace (default 1) */
  readonly speed?: number;
  /** pause between calls (default 5000 ms) */
  readonly pauseMs?: number;
  /** the concurrent burst plays after every this many calls; 0 = never (default DEFAULT_BURST_EVERY) */
  readonly burstEvery?: number;
  /** told when a call starts: one of the loop, the burst, or a click-to-call */
  readonly onPlay?: (play: CallPlay) => void;
  /** told of every `Event: Cdr` the simulation streams, as sent */
  readonly onCdr?: (headers: AmiBlockHeaders) => void;
}

/** What Asterisk sends a session right after its login. */
const FULLY_BOOTED: AmiBlockHeaders = [
  ['Event', 'FullyBooted'],
  ['Privilege', 'system,all'],
  ['Uptime', '7'],
  ['LastReload', '7'],
  ['Status', 'Fully Booted'],
];

/**
 * A simulated Asterisk AMI on 127.0.0.1: accepts the configured login, answers the actions the connector sends
 * and streams realistic calls (the recorded lab traces with fresh ids and current times) to every logged-in
 * client, one call after the other (every few calls the recorded burst of 20 at once), from the first login on,
 * forever. It keeps the channels that are up, so CoreShowChannels shows a client logging in mid-call the calls
 * in flight. An Originate of a lab phone plays the recorded click-to-call under the Originate's ChannelId;
 * one Asterisk could not place gets Asterisk's recorded failure.
 */
export class SimulatedAsterisk {
  private readonly channels = new ChannelTable();
  private readonly ami: AmiServer;
  private readonly loop: CallLoop;
  private readonly originate: SimulatedOriginate;
  private readonly onCdr: ((headers: AmiBlockHeaders) => void) | undefined;

  private constructor(options: SimulatedAsteriskOptions) {
    const load = (prefix: string): CallScenario => loadCallScenario(options.tracesDir, prefix);
    const burstEvery = options.burstEvery ?? DEFAULT_BURST_EVERY;
    const speed = options.speed ?? 1;
    const channelIds = new ChannelIdSequence();
    this.loop = new CallLoop({
      scenarios: (options.scenarios ?? CALL_SCENARIOS).map(load),
      burst: burstEvery > 0 ? load(BURST_SCENARIO) : undefined,
      burstEvery,
      speed,
      pauseMs: options.pauseMs ?? 5000,
      channelIds,
      broadcast: (event) => this.emit(event),
      onPlay: options.onPlay,
    });
    this.originate = new SimulatedOriginate({
      clickToCall: load(CLICK_TO_CALL_SCENARIO),
      failures: load(ORIGINATE_FAILURES_SCENARIO),
      speed,
      channelIds,
      emit: (event) => this.emit(event),
      onPlay: options.onPlay,
    });
    this.onCdr = options.onCdr;
    this.ami = new AmiServer({
      port: options.port,
      users: () => options.users,
      login: (login, session) => this.login(login, session),
    })
      .handle('CoreShowChannels', (action, session) =>
        session.send(coreShowChannelsAnswer(action, this.channels.coreShowChannels())),
      )
      .handle('PJSIPShowEndpoints', (action, session) => session.send(pjsipShowEndpointsAnswer(action)))
      .handle('Originate', (action, session) => this.answerOriginate(action, session));
  }

  /** Loads the scenarios (fails with a clear message when the traces are missing), listens and starts the calls. */
  static async start(options: SimulatedAsteriskOptions): Promise<SimulatedAsterisk> {
    const sut = new SimulatedAsterisk(options);
    await sut.ami.listen();
    return sut;
  }

  get port(): number {
    return this.ami.port;
  }

  async close(): Promise<void> {
    this.loop.stop();
    this.originate.stop();
    await this.ami.close();
  }

  private login(login: AmiLogin, session: AmiSession): void {
    answerLogin(login, session);
    if (login.user === undefined) return;
    session.sendBlock(FULLY_BOOTED);
    // the first call starts with the first login, so the connector sees it whole; then the loop never stops
    if (session.receivesEvents) this.loop.start();
  }

  private answerOriginate(action: AmiActionBlock, session: AmiSession): void {
    const answer = this.originate.answer(action.headers);
    session.respond(action, answer.response, [['Message', answer.message]]);
    answer.then?.();
  }

  /** What happens on the PBX: the channel table follows it, every logged-in client receives it. */
  private emit(event: ScheduledAmiEvent): void {
    this.channels.apply(event.headers);
    if (headerValue(event.headers, 'Event')?.toLowerCase() === 'cdr') this.onCdr?.(event.headers);
    this.ami.broadcast(event.text);
  }
}
