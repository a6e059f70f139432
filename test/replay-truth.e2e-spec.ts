import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CallEvent, CallRecord, CallRingingEvent, replayTranscript, TrackerState } from '@app/calls';
import { compareWithTruth } from './support/call-truth';
import { callTraces, expectedLinkedids, expectedRecordingFiles } from './support/recorded-traces';

function replay(file: string, chunkSize: number): { records: CallRecord[]; events: CallEvent[]; left: TrackerState } {
  const bytes = readFileSync(file);
  const records: CallRecord[] = [];
  const events: CallEvent[] = [];
  const left = replayTranscript(
    bytes,
    chunkSize,
    { pbxId: 'lab' },
    {
      onCallEvent: (e) => (e.type === 'call.finished' ? records.push(e.record) : events.push(e)),
      onProtocolError: (error) => {
        throw error;
      },
    },
  );
  return { records, events, left };
}

describe('replaying the recorded traces through the parser and the tracker', () => {
  const traces = callTraces();
  const chunkSizes = [1, 2, 5, 64, 1460, 65536];

  it('finds every trace with a ground truth', () => {
    expect(traces.length).toBeGreaterThanOrEqual(15);
  });

  describe.each(traces.map((t) => [t.name, t] as const))('%s', (_name, trace) => {
    it.each(chunkSizes)('matches the ground truth at chunk size %i', (chunkSize) => {
      const { records } = replay(trace.ami, chunkSize);
      expect(compareWithTruth(records, trace.truth)).toEqual([]);
    });

    it('names each call by the Linkedid the trace shows, namespaced by the PBX', () => {
      const { records } = replay(trace.ami, 1 << 20);
      expect(records.map((r) => r.callId).sort()).toEqual(
        expectedLinkedids(trace.expectedMd)
          .map((l) => `lab:${l}`)
          .sort(),
      );
    });

    it('forgets every call, channel and bridge once the calls are over (late CEL and Cdr events included)', () => {
      const { left } = replay(trace.ami, 1 << 20);
      expect({ calls: left.calls.size, channels: left.channels.size, bridges: left.bridges.size }).toEqual({
        calls: 0,
        channels: 0,
        bridges: 0,
      });
    });

    it("numbers each call's events 1, 2, 3… in the order they were emitted, the record last", () => {
      const bytes = readFileSync(trace.ami);
      const seqs = new Map<string, number[]>();
      replayTranscript(
        bytes,
        bytes.length,
        {},
        {
          onCallEvent: (e) => seqs.set(e.callId, [...(seqs.get(e.callId) ?? []), e.seq]),
          onProtocolError: (error) => {
            throw error;
          },
        },
      );
      for (const list of seqs.values()) expect(list).toEqual(list.map((_, i) => i + 1));
    });

    it('carries the recording the Cdr names', () => {
      const { records } = replay(trace.ami, 1 << 20);
      const recorded = records.map((r) => (r.recording ? basename(r.recording) : null)).filter((r) => r !== null);
      expect(recorded.sort()).toEqual(expectedRecordingFiles(trace.expectedMd).sort());
    });

    it('ends every call it announced and closes every card it opened', () => {
      const { records, events } = replay(trace.ami, 1 << 20);
      const ended = new Set(events.filter((e) => e.type === 'call.ended').map((e) => e.callId));
      for (const r of records) expect(ended).toContain(r.callId);
      // a card (call, extension) opened by call.ringing closes once: ringing stopped, its operator left, or the end
      const opened = events.filter((e): e is CallRingingEvent => e.type === 'call.ringing');
      for (const ring of opened) {
        const closed = events.some(
          (e) =>
            e.callId === ring.callId &&
            e.seq > ring.seq &&
            (e.type === 'call.ringing_stopped' || e.type === 'call.left' || e.type === 'call.ended') &&
            e.extension === ring.extension,
        );
        expect({ ring: `${ring.callId} ${ring.extension}`, closed }).toEqual({
          ring: `${ring.callId} ${ring.extension}`,
          closed: true,
        });
      }
    });
  });
});
