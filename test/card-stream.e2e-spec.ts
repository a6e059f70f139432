import { readFileSync } from 'node:fs';
import { type CallEvent, type CallRecord, replayTranscript } from '@app/calls';
import { buildEventPayload, type WebhookEventPayloadV1 } from '@app/elma365';
import { checkCardRule, type CardEvent, type CardLife } from './support/card-rule';
import { differences } from './support/call-truth';
import { callTraces, type TruthRecord } from './support/recorded-traces';

const CHUNK_SIZES = [1, 2, 5, 64, 1460, 65536];

interface Replayed {
  payloads: WebhookEventPayloadV1[];
  records: CallRecord[];
}

/** The trace through the parser, the tracker and the real mapper: what the connector would send to ELMA365. */
function replay(file: string, chunkSize: number): Replayed {
  const payloads: WebhookEventPayloadV1[] = [];
  const records: CallRecord[] = [];
  replayTranscript(
    readFileSync(file),
    chunkSize,
    { pbxId: 'lab' },
    {
      onCallEvent: (event: CallEvent) => {
        if (event.type === 'call.finished') records.push(event.record);
        const payload = buildEventPayload('lab', event);
        if (payload) payloads.push(payload);
      },
      onProtocolError: (error) => {
        throw error;
      },
    },
  );
  return { payloads, records };
}

function cardEvents(payloads: readonly WebhookEventPayloadV1[]): CardEvent[] {
  return payloads.map((p) => ({
    callId: p.callId,
    card: p.card ?? '(none)',
    event: p.event.event,
    ...(p.event.disposition === undefined ? {} : { disposition: p.event.disposition }),
  }));
}

/** The operator ELMA365 finds the card's user by: `dstPhone` in and internal, `dstPhoneExt` out (CONTRACT.md). */
function operatorOf(p: WebhookEventPayloadV1): string | undefined {
  return p.event.direction === 'out' ? p.event.dstPhoneExt : p.event.dstPhone;
}

/** Transfers whose target is one of the call's own phones: that phone must have had its own card. */
function transfersToPhones(truth: TruthRecord): { from: string | null; to: string }[] {
  return truth.transfers.flatMap((t) => (t.to !== null && truth.extensions.includes(t.to) ? [{ ...t, to: t.to }] : []));
}

const traces = callTraces();

describe('the card stream over every shared trace, at every chunking (property)', () => {
  it('has traces with transfers to a phone, so the transfer checks below check something', () => {
    expect(traces.filter((t) => t.truth.some((r) => transfersToPhones(r).length > 0)).length).toBeGreaterThanOrEqual(2);
  });

  describe.each(traces.map((t) => [t.name, t] as const))('%s', (_name, trace) => {
    it.each(CHUNK_SIZES)('keeps every card to one start, at most one answer, one end, at chunk size %i', (size) => {
      const { payloads, records } = replay(trace.ami, size);
      const { lives, breaches } = checkCardRule(cardEvents(payloads));

      // Start first, Answer at most once while open, one End per Start, Answered iff answered, nothing unopened
      expect(breaches).toEqual([]);
      // the card named is the operator ELMA365 shows it to
      for (const p of payloads) expect({ id: p.id, card: p.card }).toEqual({ id: p.id, card: operatorOf(p) });
      // one record per call, after every card of that call closed
      expect(records.map((r) => r.callId).sort()).toEqual([...new Set(records.map((r) => r.callId))].sort());
      expect(records).toHaveLength(trace.truth.length);
      for (const life of lives) expect(records.map((r) => r.callId)).toContain(life.callId);

      for (const truth of trace.truth) {
        const record = records.find((r) => differences(r, truth).length === 0);
        expect({ truth: `${truth.from} -> ${truth.to}`, matched: record !== undefined }).toEqual({
          truth: `${truth.from} -> ${truth.to}`,
          matched: true,
        });
        if (record)
          expectTransferCards(
            truth,
            lives.filter((l) => l.callId === record.callId),
          );
      }
    });
  });
});

/**
 * A transfer target gets its own card, opened and answered after the call was answered, and the transferring
 * operator's answered card closes `Answered` while the call goes on with the target.
 */
function expectTransferCards(truth: TruthRecord, lives: readonly CardLife[]): void {
  const firstAnswer = Math.min(...lives.flatMap((l) => (l.answeredAt === undefined ? [] : [l.answeredAt])));
  for (const transfer of transfersToPhones(truth)) {
    const target = lives.find((l) => l.card === transfer.to && l.startedAt > firstAnswer);
    expect({ target: transfer.to, card: target && { answered: target.answered, end: target.end } }).toEqual({
      target: transfer.to,
      card: { answered: true, end: 'Answered' },
    });
    const transferer = lives.find((l) => l.card === transfer.from && l.answered);
    expect({ transferer: transfer.from, end: transferer?.end }).toEqual({ transferer: transfer.from, end: 'Answered' });
    expect((transferer?.endedAt ?? Infinity) < (target?.endedAt ?? -Infinity)).toBe(true);
  }
}
