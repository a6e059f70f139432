/**
 * Calls whose events one worker process handles side by side; each call's own events stay one after the other
 * (PerKeySequencer). One job at a time held about 250 events/s, less than a burst of 50 new calls/s brings.
 */
export const CALL_EVENTS_CONCURRENCY = 8;

/**
 * Deliveries one worker process has in flight: an ELMA365 answer takes ~100 ms over the internet, so 4 in flight
 * would cap a worker at ~40 cards/s. ELMA365_RATE_LIMIT_PER_MINUTE still paces them across all workers.
 */
export const ELMA365_DELIVERY_CONCURRENCY = 16;

/**
 * With ELMA365_RATE_LIMIT_PER_MINUTE set, BullMQ's global limiter counts every job started, including one that only
 * finds an earlier event of its call still pending and steps back: more in flight would spend the budget on those.
 */
export const ELMA365_RATE_LIMITED_DELIVERY_CONCURRENCY = 4;
