import { AmiFrameParser, type AmiMessage } from '@app/ami';
import { CallTracker } from '@app/calls';
import { loadTrace } from '@app/testing';
import { rewriteIds } from './traces';

/** A recorded inbound call to a ring group (two phones ring, nobody answers): trace 03. */
export const RINGING_TRACE = '03-inbound-missed';

/** The first event that ends ringing: everything before it is a call still ringing. */
const RING_ENDS = new Set(['DialEnd', 'Hangup', 'HangupRequest', 'SoftHangupRequest']);
const SESSION_EVENTS = new Set(['FullyBooted', 'SuccessfulAuth']);

/** One call's AMI bytes, cut where its phones stop ringing. */
export interface RecordedCall {
  /** from the trunk channel's creation to both phones ringing */
  readonly ring: Buffer;
  /** from the end of ringing to the call's Cdr */
  readonly end: Buffer;
  readonly linkedid: string;
}

/** Makes copies of the recorded ringing call, each with its own ids: `call(k)` is the k-th caller. */
export class RecordedCallFactory {
  private readonly ring: string;
  private readonly end: string;
  private readonly linkedid: string;

  constructor() {
    const text = loadTrace(RINGING_TRACE).bytes.toString('latin1');
    const blocks = text.split('\r\n\r\n').filter((b) => b.startsWith('Event: '));
    const callBlocks = blocks.filter((b) => !SESSION_EVENTS.has(eventName(b)));
    const cut = callBlocks.findIndex((b) => RING_ENDS.has(eventName(b)));
    if (cut <= 0) throw new Error(`${RINGING_TRACE}: no ringing phase found`);
    const join = (part: string[]) => part.map((b) => `${b}\r\n\r\n`).join('');
    this.ring = join(callBlocks.slice(0, cut));
    this.end = join(callBlocks.slice(cut));
    const linkedid = /^Linkedid: (.+)\r$/m.exec(this.ring);
    if (!linkedid) throw new Error(`${RINGING_TRACE}: no Linkedid`);
    this.linkedid = linkedid[1];
  }

  call(k: number): RecordedCall {
    const ring = rewriteIds(this.ring, k);
    return {
      ring: Buffer.from(ring, 'latin1'),
      end: Buffer.from(rewriteIds(this.end, k), 'latin1'),
      linkedid: /^Linkedid: (.+)\r$/m.exec(ring)?.[1] ?? this.linkedid,
    };
  }

  /** The tracker's verdict on copy 0: the ringing part rings phones and ends nothing; the end part finishes the call. */
  check(): { ringingCards: number; eventsPerCall: number } {
    const tracker = new CallTracker({ pbxId: 'check' });
    const state = tracker.createState();
    const { ring, end } = this.call(0);
    const run = (bytes: Buffer) =>
      messages(bytes).flatMap((m) => tracker.apply(state, m, 0).map((e) => e.type as string));
    const ringing = run(ring);
    const ending = run(end);
    const cards = ringing.filter((t) => t === 'call.ringing').length;
    if (cards === 0 || ringing.some((t) => t !== 'call.ringing') || !ending.includes('call.finished')) {
      throw new Error(`${RINGING_TRACE}: unexpected tracker output ${[...ringing, '|', ...ending].join(' ')}`);
    }
    return { ringingCards: cards, eventsPerCall: ringing.length + ending.length };
  }
}

function eventName(block: string): string {
  return block.slice('Event: '.length, block.indexOf('\r\n'));
}

function messages(bytes: Buffer): AmiMessage[] {
  return new AmiFrameParser().push(bytes).flatMap((f) => (f.kind === 'message' ? [f.message] : []));
}
