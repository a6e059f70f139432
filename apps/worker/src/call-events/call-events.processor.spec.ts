import { Logger } from '@nestjs/common';
import { type Job, Worker } from 'bullmq';
import type { CallEventJob } from '@app/queue';
import type { CallEventHandlerService } from './call-event-handler.service';
import { CallEventsProcessor, DATABASE_UNAVAILABLE_PAUSE_MS } from './call-events.processor';

describe('CallEventsProcessor', () => {
  const job = { data: {} } as Job<CallEventJob>;

  function processorFailingWith(error: Error) {
    const handler = { handle: jest.fn().mockRejectedValue(error) } as unknown as CallEventHandlerService;
    const sut = new CallEventsProcessor(handler);
    const rateLimit = jest.fn().mockResolvedValue(undefined);
    // WorkerHost keeps the worker Nest gives it in `_worker`.
    Object.assign(sut, { _worker: { rateLimit } });
    return { sut, rateLimit };
  }

  beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('holds the whole queue, job first, while the database cannot be reached', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const { sut, rateLimit } = processorFailingWith(refused);

    const error = await sut.process(job).catch((e: unknown) => e);

    expect(rateLimit).toHaveBeenCalledWith(DATABASE_UNAVAILABLE_PAUSE_MS);
    expect((error as Error).name).toBe(Worker.RateLimitError().name);
  });

  it('lets any other failure go to BullMQ retries as it is', async () => {
    const bug = new TypeError('Cannot read properties of undefined');
    const { sut, rateLimit } = processorFailingWith(bug);

    await expect(sut.process(job)).rejects.toBe(bug);
    expect(rateLimit).not.toHaveBeenCalled();
  });
});
