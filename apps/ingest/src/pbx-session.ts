import { Logger } from '@nestjs/common';
import { AmiClient, AmiMessage } from '@app/ami';
import { CallTracker, TrackerState } from '@app/calls';
import { EndpointClassificationConfig, PbxConnectionConfig } from '@app/config';
import type { AmiEventClassRecorder } from '@app/diagnostics';
import { CdrGapFiller, cdrFileWarning, recoveredCallEvent } from '@app/gapfill';
import { CallEventSink } from './call-event.sink';

/** One PBX: its AMI connection, its tracker state, and the way events leave it. */
export class PbxSession {
  private readonly logger: Logger;
  private readonly client: AmiClient;
  private readonly tracker: CallTracker;
  private readonly state: TrackerState;
  private eventsSeen = 0;
  private recoveredFromCdr = 0;
  /** gap-fill runs one after another: a quick reconnect waits for the previous read of the CDR file */
  private gapFillRun: Promise<void> = Promise.resolve();

  constructor(
    readonly pbx: PbxConnectionConfig,
    endpoints: EndpointClassificationConfig,
    defaultRegion: string,
    private readonly sink: CallEventSink,
    private readonly gapFiller: CdrGapFiller | null = null,
    private readonly eventClasses: AmiEventClassRecorder | null = null,
  ) {
    this.logger = new Logger(`Pbx:${pbx.pbxId}`);
    this.tracker = new CallTracker({
      pbxId: pbx.pbxId,
      internalExtensionPattern: endpoints.internalExtensionPattern,
      trunkEndpointPattern: endpoints.trunkEndpointPattern ?? undefined,
      defaultRegion,
    });
    this.state = this.tracker.createState();
    this.client = new AmiClient(
      { host: pbx.host, port: pbx.port, username: pbx.username, secret: pbx.secret, auth: pbx.auth },
      this.logger,
    );
    this.client.on('event', (event, receivedAtMs) => this.track(event, receivedAtMs));
    this.client.on('connected', () => {
      this.eventClasses?.loggedIn(pbx.pbxId);
      void this.resync();
    });
    this.client.on('protocolError', (error) => this.logger.warn(`${error.code}: ${error.message} [${error.sample}]`));
  }

  get connected(): boolean {
    return this.client.isConnected;
  }

  get liveCalls(): number {
    return this.state.calls.size;
  }

  get eventCount(): number {
    return this.eventsSeen;
  }

  get callsRecovered(): number {
    return this.recoveredFromCdr;
  }

  async start(): Promise<void> {
    await this.client.start();
  }

  async stop(): Promise<void> {
    await this.client.stop();
    await this.gapFillRun;
  }

  private track(event: AmiMessage, receivedAtMs: number): void {
    this.eventsSeen++;
    this.eventClasses?.seen(this.pbx.pbxId, event.get('Privilege'));
    const out = this.tracker.apply(this.state, event, receivedAtMs);
    if (out.length > 0) this.sink.publish(this.pbx.pbxId, out);
  }

  /**
   * After every login: channels that are up now rebuild calls that began while we were not listening, tracked
   * channels Asterisk no longer has end their calls (their Hangup happened while we were away), and calls that
   * began and ended while we were away are recovered from the PBX's CDR. The last step needs the first two: only
   * then is it known which calls are live.
   */
  private async resync(): Promise<void> {
    let liveLinkedids: Set<string>;
    try {
      const snapshotAt = this.state.lastEventAt;
      // Items are tracked as they are read, so a Hangup that follows an item on the wire comes after it.
      const { items } = await this.client.actionList(
        { Action: 'CoreShowChannels' },
        { onItem: (item) => this.track(item, Date.now()) },
      );
      const now = Date.now();
      const live = new Set(items.map((item) => item.get('Uniqueid')).filter((id): id is string => !!id));
      const ended = this.tracker.reconcile(this.state, live, snapshotAt, now);
      if (ended.length > 0) this.sink.publish(this.pbx.pbxId, ended);
      liveLinkedids = new Set(items.map((item) => item.get('Linkedid')).filter((id): id is string => !!id));
      this.logger.log(`Logged in; ${items.length} channel(s) up, ${this.state.calls.size} call(s) tracked`);
    } catch (error) {
      this.logger.warn(`CoreShowChannels after login failed: ${(error as Error).message}`);
      return;
    }
    await this.fillGap(liveLinkedids);
  }

  private fillGap(liveLinkedids: ReadonlySet<string>): Promise<void> {
    const filler = this.gapFiller;
    if (!filler) return Promise.resolve();
    this.gapFillRun = this.gapFillRun.then(() => this.recoverFromCdr(filler, liveLinkedids));
    return this.gapFillRun;
  }

  /**
   * Calls live now or still tracked are the tracker's; a call the tracker already finished may come back from the
   * CDR too: the worker drops a recovered call it has stored.
   */
  private async recoverFromCdr(filler: CdrGapFiller, liveLinkedids: ReadonlySet<string>): Promise<void> {
    try {
      const report = await filler.recover(
        (linkedid) => liveLinkedids.has(linkedid) || this.tracks(linkedid),
        (records) => this.sink.publishConfirmed(this.pbx.pbxId, records.map(recoveredCallEvent)),
      );
      this.recoveredFromCdr += report.recovered.length;
      if (report.restarted) this.logger.log(`${filler.path} is a new file (rotated or truncated): read from its start`);
      if (report.problems.length > 0) {
        const first = report.problems[0];
        this.logger.warn(
          `${filler.path}: ${report.problems.length} line(s) skipped; first at byte ${first.offset}: ${first.message}`,
        );
      }
      this.logger.log(
        `Gap-fill: ${report.rowsRead} new CDR row(s), ${report.recovered.length} call(s) recovered, ` +
          `${report.skippedKnown} live or tracked, ${report.skippedOld} older than the lookback`,
      );
      const warning = await this.cdrWarning();
      if (warning !== null) this.logger.error(`Gap-fill: ${warning}`);
    } catch (error) {
      this.logger.error(`Gap-fill from ${filler.path} failed: ${(error as Error).message}`);
    }
  }

  /** What is wrong with this PBX's CDR file (missing directory, silent for a day), or null; null when gap-fill is off. */
  cdrWarning(): Promise<string | null> {
    return this.gapFiller === null ? Promise.resolve(null) : cdrFileWarning(this.gapFiller.path);
  }

  private tracks(linkedid: string): boolean {
    if (this.state.calls.has(linkedid)) return true;
    for (const channel of this.state.channels.values()) if (channel.linkedid === linkedid) return true;
    return false;
  }
}
