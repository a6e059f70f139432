/**
 * Calls whose events one worker process handles side by side; each call's own events stay one after the other
 * (PerKeySequencer). Most jobs wait on a round trip (Redis for cards, PostgreSQL for finished calls, whose writes are
 * batched across these jobs): with 8, finished calls on a slow database held the slots and cards queued behind them.
 */
export const CALL_EVENTS_CONCURRENCY = 32;

/**
 * Deliveries one worker process has in flight: an ELMA365 answer takes ~100 ms over the internet, so 4 in flight
 * would cap a worker at ~40 cards/s. ELMA365_RATE_LIMIT_PER_MINUTE still paces them across all workers: only a
 * call's earliest pending delivery has a job, and a job that sends nothing gives its limiter slot back, so no slot
 * goes to a delivery that merely waits for its call's earlier one.
 */
export const ELMA365_DELIVERY_CONCURRENCY = 16;
