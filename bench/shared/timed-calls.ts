import { loadTrace, loadTraceTimeline } from '@app/testing';
import { rewriteIds } from './traces';

const SESSION_EVENTS = new Set(['FullyBooted', 'SuccessfulAuth']);
const TIMESTAMP = /^Timestamp: \d+\.\d+\r$/m;

/** One AMI event of a recorded call, at its recorded time (ms after the call's first event). */
interface TimedBlock {
  readonly atMs: number;
  /** latin1 text, `\r\n\r\n` included, so the bytes stay as recorded */
  readonly text: string;
}

/** A copy of a recorded call with its own ids, re-timed: events at `atMs` after the call starts. */
export interface TimedCall {
  readonly linkedid: string;
  readonly blocks: readonly { readonly atMs: number; readonly text: string }[];
  /** per phone (extension): the index in `blocks` of the event that ends its ringing (DialEnd, else Hangup) */
  readonly ringEnds: ReadonlyMap<string, number>;
}

/**
 * A recorded call (the call events of a lab trace, from its `.jsonl` with their times) that the bench plays again
 * and again: `copy(k)` gives every id a copy-specific value (traces.ts' rewriteIds) and stretches the recorded gaps
 * `stretch` times. Each written event's `Timestamp:` is set to the moment it is written (`stamp`), so the tracker's
 * `at` is on the bench's clock.
 */
export class TimedCallTemplate {
  private constructor(
    readonly name: string,
    private readonly blocks: readonly TimedBlock[],
  ) {}

  static fromTrace(trace: string): TimedCallTemplate {
    const { amiPath, bytes } = loadTrace(trace);
    const blocks: TimedBlock[] = [];
    for (const timed of loadTraceTimeline(amiPath)) {
      const raw = bytes.subarray(timed.startByte, timed.endByte).toString('latin1');
      for (const text of raw.split(/(?<=\r\n\r\n)/)) {
        if (!text.startsWith('Event: ') || !text.endsWith('\r\n\r\n')) continue;
        if (SESSION_EVENTS.has(eventName(text))) continue;
        blocks.push({ atMs: timed.atMs, text });
      }
    }
    if (blocks.length === 0) throw new Error(`${trace}: no call events`);
    const first = blocks[0].atMs;
    return new TimedCallTemplate(
      trace,
      blocks.map((b) => ({ ...b, atMs: b.atMs - first })),
    );
  }

  /**
   * The same call with one more phone in its ring group: every event that names the first dialled phone's channel
   * (or its Uniqueid) is written a second time right after it, for phone `extension` with a channel and a Uniqueid
   * of its own; that phone rings and stops as the copied one did.
   */
  withExtraPhone(extension: string): TimedCallTemplate {
    const dial = this.blocks.find((b) => eventName(b.text) === 'DialBegin');
    const channel = dial && header(dial.text, 'DestChannel');
    const uniqueid = dial && header(dial.text, 'DestUniqueid');
    const phone = channel && /^(?:PJSIP|SIP)\/(\w+)-[0-9a-f]{8}$/.exec(channel)?.[1];
    if (!channel || !uniqueid || !phone) throw new Error(`${this.name}: no dialled phone to copy`);
    const newChannel = channel.replace(/-[0-9a-f]{8}$/, '-000000ff').replace(`/${phone}-`, `/${extension}-`);
    const newUniqueid = `${uniqueid}9`;
    if (this.blocks.some((b) => b.text.includes(newUniqueid))) throw new Error(`${this.name}: ${newUniqueid} in use`);
    const names = (text: string) => text.includes(channel) || new RegExp(`: ${escape(uniqueid)}\\r`).test(text);
    const blocks = this.blocks.flatMap((b) => {
      if (!names(b.text)) return [b];
      const copy = b.text
        .split(channel)
        .join(newChannel)
        .replace(new RegExp(`: ${escape(uniqueid)}\\r`, 'g'), `: ${newUniqueid}\r`)
        .replace(new RegExp(`\\b${phone}\\b`, 'g'), extension);
      return [b, { atMs: b.atMs, text: copy }];
    });
    return new TimedCallTemplate(`${this.name} + ${extension}`, blocks);
  }

  /** the phones dialled (DialBegin's destination), in order */
  phones(): string[] {
    return [...this.ringEndsOf(this.blocks).keys()];
  }

  /** recorded length, first event to last (ms) */
  get durationMs(): number {
    return this.blocks[this.blocks.length - 1].atMs;
  }

  copy(k: number, stretch: number): TimedCall {
    const blocks = this.blocks.map((b) => ({ atMs: b.atMs * stretch, text: rewriteIds(b.text, k) }));
    const linkedid = blocks.map((b) => header(b.text, 'Linkedid')).find((id) => id !== undefined);
    if (!linkedid) throw new Error(`${this.name}: no Linkedid`);
    return { linkedid, blocks, ringEnds: this.ringEndsOf(blocks) };
  }

  /**
   * When each phone stops ringing, as the PBX says it: the first DialEnd to or from its channel (answered,
   * cancelled, no answer, busy), else its channel's Hangup. An operator who places a call counts as ringing until
   * the other side answers (the DialEnd of their own dial).
   */
  private ringEndsOf(blocks: readonly TimedBlock[]): Map<string, number> {
    const channels = new Map<string, string>();
    for (const b of blocks) {
      if (eventName(b.text) !== 'DialBegin') continue;
      for (const name of [header(b.text, 'Channel'), header(b.text, 'DestChannel')]) {
        const ext = name && /^(?:PJSIP|SIP)\/(\d{2,6})-[0-9a-f]{8}$/.exec(name)?.[1];
        if (name && ext && !channels.has(ext)) channels.set(ext, name);
      }
    }
    const ends = new Map<string, number>();
    for (const [ext, name] of channels) {
      const named = (i: number, event: string, fields: string[]) =>
        eventName(blocks[i].text) === event && fields.some((f) => header(blocks[i].text, f) === name);
      let end = blocks.findIndex((_, i) => named(i, 'DialEnd', ['Channel', 'DestChannel']));
      if (end === -1) end = blocks.findIndex((_, i) => named(i, 'Hangup', ['Channel']));
      if (end === -1) throw new Error(`${this.name}: ${ext} never stops ringing`);
      ends.set(ext, end);
    }
    return ends;
  }
}

/** `text` with its Timestamp header set to `epochMs` (the tracker takes an event's time from it) */
export function stamp(text: string, epochMs: number): string {
  return text.replace(TIMESTAMP, `Timestamp: ${(epochMs / 1000).toFixed(6)}\r`);
}

function eventName(block: string): string {
  return block.slice('Event: '.length, block.indexOf('\r\n'));
}

function header(block: string, name: string): string | undefined {
  return new RegExp(`^${name}: (.*)\\r$`, 'm').exec(block)?.[1];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
