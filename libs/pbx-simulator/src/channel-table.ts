import { type AmiBlockHeaders, headerValue, parseAmiTimestamp } from './ami-wire';

/** The channel snapshot fields, in the order CoreShowChannel lists them (before ChanVariable). */
const SNAPSHOT_FIELDS = [
  'Channel',
  'ChannelState',
  'ChannelStateDesc',
  'CallerIDNum',
  'CallerIDName',
  'ConnectedLineNum',
  'ConnectedLineName',
  'Language',
  'AccountCode',
  'Context',
  'Exten',
  'Priority',
  'Uniqueid',
  'Linkedid',
] as const;

interface LiveChannel {
  readonly uniqueid: string;
  readonly fields: Map<string, string>;
  variables: string[];
  application: string;
  applicationData: string;
  bridgeId: string;
  readonly createdAtMs: number;
}

/**
 * The channels that are up, as the events streamed so far tell: Newchannel adds one, every event carrying a
 * channel snapshot (also prefixed ones: DestChannel..., TransfereeChannel..., LocalOneChannel...) updates it,
 * Newexten/CEL tell its application, Bridge* its bridge, Rename its name, Hangup removes it. Answers
 * CoreShowChannels the way Asterisk does, so a client logging in mid-call sees the calls in flight. The sandbox's
 * simulated PBX and the tests' live AMI server both keep theirs with it.
 */
export class ChannelTable {
  private readonly channels = new Map<string, LiveChannel>();
  private clockMs = 0;

  get size(): number {
    return this.channels.size;
  }

  /** Uniqueids of the channels up now. */
  get uniqueids(): string[] {
    return [...this.channels.keys()];
  }

  /** The stream's own clock: the latest event Timestamp seen, in ms (0 before any). */
  get nowMs(): number {
    return this.clockMs;
  }

  /** `atMs`: when the event happened if it has no Timestamp */
  apply(event: AmiBlockHeaders, atMs = Date.now()): void {
    const name = headerValue(event, 'Event')?.toLowerCase();
    if (name === undefined) return;
    const stamped = parseAmiTimestamp(headerValue(event, 'Timestamp') ?? '');
    if (stamped !== undefined) this.clockMs = Math.max(this.clockMs, stamped);
    if (name === 'newchannel') this.add(event, stamped ?? atMs);
    for (const prefix of snapshotPrefixes(event)) this.updateSnapshot(event, prefix);
    const uniqueid = headerValue(event, 'Uniqueid') ?? '';
    const channel = this.channels.get(uniqueid);
    switch (name) {
      case 'newexten':
      case 'cel':
        if (channel) {
          channel.application = headerValue(event, 'Application') ?? channel.application;
          channel.applicationData = headerValue(event, 'AppData') ?? channel.applicationData;
        }
        return;
      case 'bridgeenter':
        if (channel) channel.bridgeId = headerValue(event, 'BridgeUniqueid') ?? '';
        return;
      case 'bridgeleave':
        if (channel && channel.bridgeId === headerValue(event, 'BridgeUniqueid')) channel.bridgeId = '';
        return;
      case 'bridgemerge':
        return this.mergeBridges(headerValue(event, 'FromBridgeUniqueid'), headerValue(event, 'ToBridgeUniqueid'));
      case 'rename':
        if (channel)
          channel.fields.set('Channel', headerValue(event, 'Newname') ?? channel.fields.get('Channel') ?? '');
        return;
      case 'hangup':
        this.channels.delete(uniqueid);
        return;
    }
  }

  /**
   * One `Event: CoreShowChannel` item per channel up, newest first, without ActionID (the list adds it); `Duration`
   * counts to `nowMs`. Asterisk's order is its hash container's: the recorded reconnect (trace 15) lists the
   * answering phone before the caller, so a client must not take the first item for the call's origin.
   */
  coreShowChannels(nowMs = Date.now()): AmiBlockHeaders[] {
    return [...this.channels.values()]
      .reverse()
      .map((channel): AmiBlockHeaders => [
        ['Event', 'CoreShowChannel'],
        ...SNAPSHOT_FIELDS.map((field) => [field, fieldOf(channel, field)] as const),
        ...channel.variables.map((variable) => ['ChanVariable', variable] as const),
        ['Application', channel.application],
        ['ApplicationData', channel.applicationData],
        ['Duration', formatDuration(nowMs - channel.createdAtMs)],
        ['BridgeId', channel.bridgeId],
      ]);
  }

  private add(event: AmiBlockHeaders, atMs: number): void {
    const uniqueid = headerValue(event, 'Uniqueid');
    if (!uniqueid) return;
    this.channels.set(uniqueid, {
      uniqueid,
      fields: new Map(),
      variables: [],
      application: '',
      applicationData: '',
      bridgeId: '',
      createdAtMs: atMs,
    });
  }

  private updateSnapshot(event: AmiBlockHeaders, prefix: string): void {
    const channel = this.channels.get(headerValue(event, `${prefix}Uniqueid`) ?? '');
    if (!channel) return;
    for (const field of SNAPSHOT_FIELDS) {
      const value = headerValue(event, `${prefix}${field}`);
      if (value !== undefined) channel.fields.set(field, value);
    }
    const variableHeader = `${prefix}ChanVariable`.toLowerCase();
    const variables = event.filter(([n]) => n.toLowerCase() === variableHeader).map(([, value]) => value);
    if (variables.length > 0) channel.variables = variables;
  }

  private mergeBridges(from: string | undefined, to: string | undefined): void {
    if (!from || to === undefined) return;
    for (const channel of this.channels.values()) if (channel.bridgeId === from) channel.bridgeId = to;
  }
}

/** A channel's own id when no event told its Linkedid (every Asterisk channel has one: its own at the least). */
function fieldOf(channel: LiveChannel, field: (typeof SNAPSHOT_FIELDS)[number]): string {
  const value = channel.fields.get(field);
  if (value !== undefined) return value;
  return field === 'Linkedid' || field === 'Uniqueid' ? channel.uniqueid : '';
}

/** `''` for the plain snapshot, `Dest`, `Transferee`, `LocalOne`, ...: every prefix with a ChannelState and a Uniqueid. */
function snapshotPrefixes(event: AmiBlockHeaders): string[] {
  const prefixes: string[] = [];
  for (const [name] of event) {
    if (!/channelstate$/i.test(name)) continue;
    const prefix = name.slice(0, -'ChannelState'.length);
    if (headerValue(event, `${prefix}Uniqueid`) !== undefined && !prefixes.includes(prefix)) prefixes.push(prefix);
  }
  return prefixes;
}

/** `00:01:07`, as CoreShowChannel gives a channel's age. */
function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const part = (n: number): string => String(n).padStart(2, '0');
  return `${part(Math.floor(seconds / 3600))}:${part(Math.floor(seconds / 60) % 60)}:${part(seconds % 60)}`;
}
