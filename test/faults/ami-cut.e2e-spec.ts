import type { INestApplicationContext } from '@nestjs/common';
import { AmiLiveServer, waitFor } from '@app/testing';
import { amiUrlOf } from '../support/ami-url';
import { compareWithTruth } from '../support/call-truth';
import { CapturingCallEventSink, startCapturingIngest } from '../support/capturing-call-event-sink';
import { callTraces } from '../support/recorded-traces';

/** Where most channels are up, in the middle half of the stream: the cut lands in the middle of the calls. */
function cutPoint(profile: number[]): number {
  let best = Math.floor(profile.length / 2);
  for (let at = Math.floor(profile.length * 0.25); at < Math.floor(profile.length * 0.75); at++) {
    if (profile[at] > profile[best]) best = at;
  }
  return best;
}

// 15-reconnect is itself a recorded reconnect (its second session starts with a CoreShowChannels answer).
const TRACES = callTraces().filter((t) => !t.name.startsWith('15-'));

describe('the AMI connection cut in the middle of calls', () => {
  let pbx: AmiLiveServer | undefined;
  let ingest: INestApplicationContext | undefined;

  afterEach(async () => {
    await ingest?.close();
    await pbx?.close();
    ingest = undefined;
    pbx = undefined;
  });

  it.each(TRACES.map((t) => [t.name, t] as const))(
    '%s: the client reconnects, CoreShowChannels lists the calls still up, and they finish as the truth says, once',
    async (_name, trace) => {
      pbx = await AmiLiveServer.start({ trace: trace.ami, eventsPerTick: 20, tickMs: 2 });
      const sink = new CapturingCallEventSink();
      ingest = await startCapturingIngest(amiUrlOf(pbx.ami, 'lab'), sink);
      await pbx.waitForListeners(1);

      const cutAt = cutPoint(pbx.channelsUpProfile());
      pbx.play(cutAt);
      await pbx.waitForPosition(cutAt);
      const upAtCut = pbx.channelsUp;
      expect(upAtCut).toBeGreaterThan(0);
      pbx.cut();

      // Nobody listens, so the PBX holds its stream; the client logs in again and asks what is up.
      await pbx.ami.waitForLogins(2, { accepted: true, timeoutMs: 10_000 });
      await pbx.waitForListeners(1);
      const lists = pbx.ami.actionsNamed('CoreShowChannels');
      expect(lists).toHaveLength(2);
      pbx.play();
      await pbx.waitForEnd();
      await waitFor(() => sink.records.length >= trace.truth.length, { timeoutMs: 10_000, what: 'every record' });

      const lost = compareWithTruth(sink.records, trace.truth);
      expect({ cutAt, upAtCut, lost }).toEqual({ cutAt, upAtCut, lost: [] });
      const duplicated = sink.repeatedKeys;
      expect(duplicated).toEqual([]);
      expect(new Set(sink.records.map((r) => r.callId)).size).toBe(trace.truth.length);
    },
    20_000,
  );
});
