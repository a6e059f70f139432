import { readFileSync } from 'node:fs';
import { type CallRecord, replayTranscript } from '@app/calls';
import { cdrRowsToCallRecords, parseCdrCsv } from '@app/gapfill';
import { traceCdrCsv } from '@app/testing';
import { differences } from './support/call-truth';
import { callTraces, type TruthRecord } from './support/recorded-traces';

const OPTIONS = { pbxId: 'lab', internalExtensionPattern: /^\d{2,6}$/, defaultRegion: 'RU' };

/**
 * What a CDR cannot tell, per trace, and why. Every other field of every truth record must match; these must still
 * differ (so the list shrinks when the builder learns more, and never hides a regression elsewhere).
 */
const CDR_CANNOT_KNOW: Readonly<Record<string, { fields: (keyof TruthRecord)[]; why: string }>> = {
  '08-originate-click-to-call': {
    fields: ['waitSeconds', 'talkSeconds'],
    why: "the CDR's answer time is the agent picking up the Originate, not the client answering",
  },
  '11-blind-transfer': {
    fields: ['to'],
    why: "the blind transfer rewrote the CDR's destination to the target extension: the DID is gone",
  },
  '13-queue-answered': {
    fields: ['waitSeconds', 'talkSeconds'],
    why: "Answer() before Queue() sets the CDR's answer time: the agent's pickup is not in it",
  },
};

function cdrRecordsOf(trace: string): CallRecord[] {
  const { rows, problems } = parseCdrCsv(Buffer.from(traceCdrCsv(trace)));
  expect(problems).toEqual([]);
  return cdrRowsToCallRecords(rows, OPTIONS);
}

function trackerRecordsOf(ami: string): CallRecord[] {
  const records: CallRecord[] = [];
  replayTranscript(readFileSync(ami), 4096, OPTIONS, {
    onCallEvent: (e) => {
      if (e.type === 'call.finished') records.push(e.record);
    },
    onProtocolError: (error) => {
      throw error;
    },
  });
  return records;
}

/** Each truth record with the CDR record of the same caller (trace 14 has 20 calls in one file). */
function paired(records: CallRecord[], truth: TruthRecord[]): [CallRecord | undefined, TruthRecord][] {
  const unused = [...records];
  return truth.map((t) => {
    const at = unused.findIndex((r) => r.from === t.from && r.to === t.to);
    return [unused.splice(at >= 0 ? at : 0, 1)[0], t];
  });
}

describe('call records rebuilt from the CDR a trace wrote (cdr_csv) agree with its ground truth', () => {
  const traces = callTraces();

  it('covers every recorded call scenario', () => {
    expect(traces.length).toBeGreaterThanOrEqual(15);
  });

  it.each(traces.map((t) => [t.name, t] as const))(
    '%s: same call ids as the tracker, and the truth on every field a CDR can know',
    (name, trace) => {
      const records = cdrRecordsOf(trace.ami);
      expect(records.map((r) => r.callId).sort()).toEqual(
        trackerRecordsOf(trace.ami)
          .map((r) => r.callId)
          .sort(),
      );
      expect(records).toHaveLength(trace.truth.length);

      const gaps = CDR_CANNOT_KNOW[name]?.fields ?? [];
      for (const [record, truth] of paired(records, trace.truth)) {
        expect(record).toBeDefined();
        const diffs = record ? differences(record, truth) : [];
        const field = (diff: string): string => diff.slice(0, diff.indexOf(':'));
        expect({ name, diffs: diffs.filter((d) => !gaps.includes(field(d) as keyof TruthRecord)) }).toEqual({
          name,
          diffs: [],
        });
        expect(gaps.filter((gap) => !diffs.some((d) => field(d) === gap))).toEqual([]);
      }
    },
    20_000,
  );
});
