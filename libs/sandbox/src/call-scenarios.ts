/**
 * The recorded lab traces the sandbox plays, by number prefix: incoming to a ring group (answered, agent hangs
 * up, missed, abandoned, busy), outbound (answered, failed), internal, blind and attended transfer, queue.
 * Click-to-call (08, 09) needs an Originate, the burst (14) and reconnect (15) are not single calls.
 */
export const CALL_SCENARIOS: readonly string[] = ['01', '02', '03', '04', '05', '06', '07', '10', '11', '12', '13'];
