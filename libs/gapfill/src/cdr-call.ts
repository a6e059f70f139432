import { type EndpointKind, parseChannelName, type PartyClassifier } from '@app/calls';
import type { CdrRow } from './cdr-row';

const MAX_LOCAL_HOPS = 8;

/** A phone or trunk the caller's side dialled, with the CDR row that tells how that leg went. */
export interface CdrLeg {
  /** the real channel (Local halves followed) */
  readonly channel: string;
  readonly kind: EndpointKind;
  /** the row whose party B is `channel`: its disposition and answer time are this leg's */
  readonly row: CdrRow;
  /** the caller's row that started the leg (the same row unless a Local channel stood between) */
  readonly callerRow: CdrRow;
}

/** The rows of one Linkedid, and read-only questions about them (the CDR counterpart of the tracker's CallGraph). */
export class CdrCall {
  /** by start time, then Asterisk's CDR sequence */
  readonly rows: readonly CdrRow[];
  /** the Linkedid owner's row: the channel that started the call */
  readonly callerRow: CdrRow;

  constructor(
    readonly linkedid: string,
    rows: readonly CdrRow[],
    private readonly classifier: PartyClassifier,
  ) {
    this.rows = [...rows].sort((a, b) => a.startMs - b.startMs || a.sequence - b.sequence);
    this.callerRow = this.rows.find((r) => r.uniqueId === linkedid) ?? this.rows[0];
  }

  /** the caller's rows: its dialplan steps and one per phone it dialled */
  get callerRows(): CdrRow[] {
    return this.rows.filter((r) => r.channel === this.callerRow.channel);
  }

  /** the channel the caller stands for: itself, or what a Local caller's partner dialled */
  get callerChannel(): string {
    const channel = this.callerRow.channel;
    return this.kindOf(channel) === 'local' ? (this.realOf(channel)[0]?.channel ?? channel) : channel;
  }

  get startedAtMs(): number {
    return Math.min(...this.rows.map((r) => r.startMs));
  }

  get endedAtMs(): number {
    return Math.max(...this.rows.map((r) => r.endMs));
  }

  kindOf(channel: string): EndpointKind {
    return this.classifier.endpointKind(parseChannelName(channel));
  }

  extensionOf(channel: string): string | null {
    return this.kindOf(channel) === 'extension' ? parseChannelName(channel).resource : null;
  }

  /** Every phone or trunk the caller's rows dialled, Local channels followed, in the order the rows were made. */
  legs(): CdrLeg[] {
    const caller = this.callerChannel;
    return this.callerRows
      .filter((r) => r.destinationChannel !== '')
      .flatMap((callerRow) =>
        this.realOf(callerRow.destinationChannel, callerRow).map((leg) => ({ ...leg, callerRow })),
      )
      .filter((leg) => leg.channel !== caller);
  }

  /** Extensions among every channel of the call, sorted as the tracker sorts them. */
  extensions(): string[] {
    const set = new Set<string>();
    for (const r of this.rows) {
      for (const channel of [r.channel, r.destinationChannel]) {
        const extension = channel === '' ? null : this.extensionOf(channel);
        if (extension !== null) set.add(extension);
      }
    }
    return [...set].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  }

  /** True when `channel` placed a call of its own in this one (a transferer consulting the target). */
  dialledOut(channel: string): boolean {
    return this.rows.some((r) => r.channel === channel && r.destinationChannel !== '');
  }

  /**
   * What a channel stands for: itself, or for a Local half what its partner dialled (the answered target first);
   * `row` is the row whose party B the channel is.
   */
  private realOf(channel: string, row?: CdrRow, hops = 0): Omit<CdrLeg, 'callerRow'>[] {
    const kind = this.kindOf(channel);
    if (kind !== 'local') return row ? [{ channel, kind, row }] : [{ channel, kind, row: this.callerRow }];
    if (hops >= MAX_LOCAL_HOPS) return [];
    const name = parseChannelName(channel);
    const partner = `${name.localBase};${name.localHalf === 1 ? 2 : 1}`;
    const dialled = this.rows.filter((r) => r.channel === partner && r.destinationChannel !== '');
    const answeredFirst = [
      ...dialled.filter((r) => r.disposition === 'ANSWERED'),
      ...dialled.filter((r) => r.disposition !== 'ANSWERED'),
    ];
    return answeredFirst.flatMap((r) => this.realOf(r.destinationChannel, r, hops + 1));
  }
}
