import { AmiMessage } from '@app/ami';
import { AmiBlockFields } from './ami-wire';

/** The channel snapshot headers every channel event repeats, in CoreShowChannel order. */
const SNAPSHOT_HEADERS = [
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
  'Linkedid',
] as const;

/** Events describe up to a few channels, each under its own header prefix (`DestUniqueid`, `TransfereeUniqueid`…). */
const CHANNEL_PREFIXES = [
  '',
  'Dest',
  'Transferee',
  'Transferer',
  'OrigTransferer',
  'SecondTransferer',
  'TransferTarget',
] as const;

interface ChannelRow {
  readonly uniqueid: string;
  readonly createdAtMs: number;
  name: string;
  snapshot: Map<string, string>;
  application: string;
  applicationData: string;
  bridgeId: string;
}

/**
 * The channels Asterisk has up, as far as the events streamed so far tell: what `CoreShowChannels` would list at
 * this point of a trace. Fed every event in stream order; `Duration` counts from the channel's Newchannel to the
 * latest `Timestamp` seen (the stream's own clock, so a replayed trace gives the durations of its recording).
 */
export class AmiChannelTable {
  private readonly channels = new Map<string, ChannelRow>();
  private clockMs = 0;

  get size(): number {
    return this.channels.size;
  }

  /** Uniqueids of the channels up now. */
  get uniqueids(): string[] {
    return [...this.channels.keys()];
  }

  /** the latest event time seen, in ms */
  get nowMs(): number {
    return this.clockMs;
  }

  apply(event: AmiMessage): void {
    const at = timestampMs(event);
    if (at !== undefined) this.clockMs = Math.max(this.clockMs, at);
    const name = event.event;
    if (name === 'Newchannel') this.create(event, at ?? this.clockMs);
    for (const prefix of CHANNEL_PREFIXES) this.refresh(event, prefix);
    const row = this.channels.get(event.get('Uniqueid') ?? '');
    if (!row) return;
    if (name === 'Newexten') {
      row.application = event.get('Application') ?? '';
      row.applicationData = event.get('AppData') ?? '';
    } else if (name === 'BridgeEnter') row.bridgeId = event.get('BridgeUniqueid') ?? '';
    else if (name === 'BridgeLeave') row.bridgeId = '';
    else if (name === 'Hangup') this.channels.delete(row.uniqueid);
  }

  /**
   * The `CoreShowChannel` list items, newest channel first: Asterisk's order is its hash container's, and the
   * recorded trace 15 lists the answering phone before the caller; a client must not take the first item for the
   * call's origin.
   */
  listItems(actionId: string): AmiBlockFields[] {
    return [...this.channels.values()]
      .reverse()
      .map((row) => [
        ['Event', 'CoreShowChannel'],
        ['ActionID', actionId],
        ['Channel', row.name],
        ...SNAPSHOT_HEADERS.slice(0, 11).map((h): [string, string] => [h, row.snapshot.get(h) ?? '']),
        ['Uniqueid', row.uniqueid],
        ['Linkedid', row.snapshot.get('Linkedid') ?? row.uniqueid],
        ['Application', row.application],
        ['ApplicationData', row.applicationData],
        ['Duration', hhmmss(this.clockMs - row.createdAtMs)],
        ['BridgeId', row.bridgeId],
      ]);
  }

  private create(event: AmiMessage, at: number): void {
    const uniqueid = event.get('Uniqueid');
    if (!uniqueid) return;
    this.channels.set(uniqueid, {
      uniqueid,
      createdAtMs: at,
      name: event.get('Channel') ?? '',
      snapshot: new Map(),
      application: '',
      applicationData: '',
      bridgeId: '',
    });
  }

  private refresh(event: AmiMessage, prefix: string): void {
    const row = this.channels.get(event.get(`${prefix}Uniqueid`) ?? '');
    if (!row) return;
    row.name = event.get(`${prefix}Channel`) ?? row.name;
    for (const header of SNAPSHOT_HEADERS) {
      const value = event.get(`${prefix}${header}`);
      if (value !== undefined) row.snapshot.set(header, value);
    }
  }
}

function timestampMs(event: AmiMessage): number | undefined {
  const seconds = Number(event.get('Timestamp'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : undefined;
}

function hhmmss(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
}
