import { Queue } from 'bullmq';
import { QueueName, redisConnection } from '@app/queue';
import { forgetLiveCards } from '@app/testing';

/** Leaves the bench's Redis database as it found it: both queues of the connector and the live cards emptied. */
export async function emptyQueues(redisUrl: string): Promise<void> {
  await forgetLiveCards(redisUrl);
  for (const name of Object.values(QueueName)) {
    const queue = new Queue(name, { connection: redisConnection(redisUrl) });
    try {
      await queue.obliterate({ force: true });
      await queue.removeGlobalRateLimit();
      // obliterate leaves the limiter's counter: a test run right after another would start with its window used up.
      await queue.removeRateLimitKey();
    } finally {
      await queue.close();
    }
  }
}
