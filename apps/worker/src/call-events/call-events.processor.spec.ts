import { Logger } from '@nestjs/common';
import { type Job, Worker } from 'bullmq';
import type { CallEventJob } from '@app/queue';
import type { CallEventHandlerService } from './call-event-handler.service';
import { CallEventsProcessor, DATABASE_RETRY_MS } from './call-events.processor';

describe('CallEventsProcessor', () => {
  const jobOf = (callId: string, seq: number) =>
    ({ data: { pbxId: 'lab', event: { callId, seq } } }) as Job<CallEventJob>;
  const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

  function processorWith(handle: (data: CallEventJob) => Promise<void>, worker: object = {}) {
    const handler = { handle: jest.fn(handle) } as unknown as CallEventHandlerService;
    const sut = new CallEventsProcessor(handler);
    const rateLimit = jest.fn().mockResolvedValue(undefined);
    // WorkerHost keeps the worker Nest gives it in `_worker`.
    Object.assign(sut, { _worker: { rateLimit, closing: undefined, ...worker } });
    return { sut, handler, rateLimit };
  }

  beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it("handles one call's events one after the other, and other calls alongside", async () => {
    const log: string[] = [];
    const { sut } = processorWith(async ({ event }) => {
      log.push(`start ${event.callId}#${event.seq}`);
      await new Promise((r) => setTimeout(r, event.seq === 1 ? 30 : 1));
      log.push(`end ${event.callId}#${event.seq}`);
    });

    await Promise.all([sut.process(jobOf('a', 1)), sut.process(jobOf('a', 2)), sut.process(jobOf('b', 5))]);

    expect(log.indexOf('start a#2')).toBeGreaterThan(log.indexOf('end a#1'));
    expect(log.indexOf('start b#5')).toBeLessThan(log.indexOf('end a#1'));
  });

  it('waits for an unreachable database, holding the call’s later events behind the job', async () => {
    let failures = 1;
    const handled: number[] = [];
    const { sut, rateLimit } = processorWith(async ({ event }) => {
      if (event.seq === 1 && failures-- > 0) throw refused();
      handled.push(event.seq);
    });

    const started = Date.now();
    await Promise.all([sut.process(jobOf('a', 1)), sut.process(jobOf('a', 2))]);

    expect(handled).toEqual([1, 2]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(DATABASE_RETRY_MS - 50);
    expect(rateLimit).not.toHaveBeenCalled();
  });

  it('hands the job back to the queue and pauses it when the worker is closing', async () => {
    const { sut, rateLimit } = processorWith(() => Promise.reject(refused()), { closing: Promise.resolve() });

    const error = await sut.process(jobOf('a', 1)).catch((e: unknown) => e);

    expect(rateLimit).toHaveBeenCalledWith(DATABASE_RETRY_MS);
    expect((error as Error).name).toBe(Worker.RateLimitError().name);
  });

  it('lets any other failure go to BullMQ retries as it is', async () => {
    const bug = new TypeError('Cannot read properties of undefined');
    const { sut, rateLimit, handler } = processorWith(() => Promise.reject(bug));

    await expect(sut.process(jobOf('a', 1))).rejects.toBe(bug);
    expect(handler.handle).toHaveBeenCalledTimes(1);
    expect(rateLimit).not.toHaveBeenCalled();
  });
});
