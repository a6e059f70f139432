import { Redis } from 'ioredis';
import { LIVE_DELIVERY_KEYS } from '@app/deliveries';

/**
 * Empties a Redis database of the live card ledger (LiveDeliveryStore's keys): what one test or benchmark run left
 * pending would otherwise be found by the next run's sweeper and sent to its webhook.
 */
export async function forgetLiveCards(redisUrl: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', LIVE_DELIVERY_KEYS, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
