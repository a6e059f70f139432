import { Logger } from '@nestjs/common';
import { AmiClient, AmiMessage } from '@app/ami';
import { CallTracker, TrackerState } from '@app/calls';
import { EndpointClassificationConfig, PbxConnectionConfig } from '@app/config';
import { CallEventSink } from './call-event.sink';

/** One PBX: its AMI connection, its tracker state, and the way events leave it. */
export class PbxSession {
  private readonly logger: Logger;
  private readonly client: AmiClient;
  private readonly tracker: CallTracker;
  private readonly state: TrackerState;
  private eventsSeen = 0;

  constructor(
    readonly pbx: PbxConnectionConfig,
    endpoints: EndpointClassificationConfig,
    defaultRegion: string,
    private readonly sink: CallEventSink,
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
    this.client.on('connected', () => void this.resync());
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

  async start(): Promise<void> {
    await this.client.start();
  }

  async stop(): Promise<void> {
    await this.client.stop();
  }

  private track(event: AmiMessage, receivedAtMs: number): void {
    this.eventsSeen++;
    const out = this.tracker.apply(this.state, event, receivedAtMs);
    if (out.length > 0) this.sink.publish(this.pbx.pbxId, out);
  }

  /**
   * After every login: channels that are up now rebuild calls that began while we were not listening, and tracked
   * channels Asterisk no longer has end their calls (their Hangup happened while we were away).
   */
  private async resync(): Promise<void> {
    try {
      const snapshotAt = this.state.lastEventAt;
      const { items } = await this.client.actionList({ Action: 'CoreShowChannels' });
      const now = Date.now();
      for (const item of items) this.track(item, now);
      const live = new Set(items.map((item) => item.get('Uniqueid')).filter((id): id is string => !!id));
      const ended = this.tracker.reconcile(this.state, live, snapshotAt, now);
      if (ended.length > 0) this.sink.publish(this.pbx.pbxId, ended);
      this.logger.log(`Logged in; ${items.length} channel(s) up, ${this.state.calls.size} call(s) tracked`);
    } catch (error) {
      this.logger.warn(`CoreShowChannels after login failed: ${(error as Error).message}`);
    }
  }
}
