import { getQueueToken } from '@nestjs/bullmq';
import { Test, TestingModule } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { readFileSync } from 'node:fs';
import { CallEvent, replayTranscript } from '@app/calls';
import { AppConfig } from '@app/config';
import { CallEventJob, CallEventProducer, QueueModule, QueueName } from '@app/queue';
import { callTraces } from './support/recorded-traces';
import { testConfig } from './support/test-database';

function trackedEvents(traceName: string): CallEvent[] {
  const trace = callTraces().find((t) => t.name.startsWith(traceName));
  if (!trace) throw new Error(`trace ${traceName} missing`);
  const events: CallEvent[] = [];
  replayTranscript(
    readFileSync(trace.ami),
    1 << 20,
    { pbxId: 'office' },
    {
      onCallEvent: (e) => events.push(e),
      onProtocolError: (error) => {
        throw error;
      },
    },
  );
  return events;
}

describe('the call-events queue on real Redis', () => {
  let moduleRef: TestingModule;
  let queue: Queue<CallEventJob>;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({ imports: [QueueModule] })
      .overrideProvider(AppConfig)
      .useValue(testConfig())
      .compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    queue = moduleRef.get<Queue<CallEventJob>>(getQueueToken(QueueName.CallEvents));
  });

  beforeEach(async () => {
    await queue.obliterate({ force: true });
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await moduleRef.close();
  });

  it('keeps one job per tracker event however often the same stream is published (replicas, replays)', async () => {
    const sut = moduleRef.get(CallEventProducer);
    const events = trackedEvents('01-');
    await sut.publish('office', events);
    await sut.publish('office', events);
    await sut.publish('office', events.slice(2));

    const jobs = await queue.getJobs(['waiting', 'prioritized', 'delayed', 'active']);
    expect(jobs).toHaveLength(events.length);
    const ids = jobs.map((j) => j.id).sort();
    expect(ids).toEqual(events.map((e) => `office|${e.callId.split(':')[1]}#${e.seq}`).sort());
  });

  it('carries the event itself, in the order the tracker emitted it', async () => {
    const sut = moduleRef.get(CallEventProducer);
    const events = trackedEvents('12-');
    await sut.publish('office', events);
    const jobs = await queue.getWaiting(0, -1);
    expect(jobs.map((j) => j.data.event)).toEqual(events);
    expect(jobs.every((j) => j.data.pbxId === 'office')).toBe(true);
    expect(jobs.at(-1)?.name).toBe('call.finished');
  });
});
