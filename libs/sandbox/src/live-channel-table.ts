import { AmiBlockHeaders, headerValue, parseAmiTimestamp } from './ami-block';

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
 * CoreShowChannels the way Asterisk does, so a client logging in mid-call sees the calls in flight.
 */
export class LiveChannelTable {
  private readonly channels = new Map<string, LiveChannel>();

  get size(): number {
    return this.channels.size;
  }

  /** `atMs`: when the event happened if it has no Timestamp */
  apply(event: AmiBlockHeaders, atMs = Date.now()): void {
    const name = headerValue(event, 'Event')?.toLowerCase();
    if (name === undefined) return;
    if (name === 'newchannel') this.add(event, atMs);
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

  /** One `Event: CoreShowChannel` item per channel up, oldest first, without ActionID (the list adds it). */
  coreShowChannels(nowMs = Date.now()): AmiBlockHeaders[] {
    return [...this.channels.values()].map((channel): AmiBlockHeaders => [
      ['Event', 'CoreShowChannel'],
      ...SNAPSHOT_FIELDS.map((field) => [field, channel.fields.get(field) ?? ''] as const),
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
      fields: new Map(),
      variables: [],
      application: '',
      applicationData: '',
      bridgeId: '',
      createdAtMs: parseAmiTimestamp(headerValue(event, 'Timestamp') ?? '') ?? atMs,
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
