import { type CallEvent, type CallRecord, replayTranscript } from '@app/calls';
import { loadTrace } from '@app/testing';
import { BURST_TRACE } from './traces';

/** Every tracker event of the burst trace's 20 calls, in order. */
export function burstCallEvents(pbxId: string): CallEvent[] {
  const events: CallEvent[] = [];
  const bytes = loadTrace(BURST_TRACE).bytes;
  replayTranscript(
    bytes,
    bytes.length,
    { pbxId },
    {
      onCallEvent: (event) => events.push(event),
      onProtocolError: (error) => {
        throw error;
      },
    },
  );
  return events;
}

/** The 20 finished calls of the burst trace, as the tracker records them (legs, parties, times). */
export function burstRecords(pbxId: string): CallRecord[] {
  return burstCallEvents(pbxId).flatMap((e) => (e.type === 'call.finished' ? [e.record] : []));
}

/** The n-th distinct call: a recorded one under a linkedid of its own. */
export function nthRecord(records: readonly CallRecord[], n: number, run: string): CallRecord {
  const base = records[n % records.length];
  const linkedid = `${base.linkedid}.${run}${String(n).padStart(7, '0')}`;
  return { ...base, linkedid, callId: `${base.pbxId}:${linkedid}` };
}
