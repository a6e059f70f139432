/**
 * The recorded lab traces the sandbox loop plays, by number prefix: incoming to a ring group (answered, agent
 * hangs up, missed, abandoned, busy), outbound (answered, failed), internal, blind and attended transfer, queue.
 * Click-to-call (08) plays when an Originate asks for it, the burst (14) every few calls; a failed Originate
 * (09) and reconnect (15) are not calls to play on their own.
 */
export const CALL_SCENARIOS: readonly string[] = ['01', '02', '03', '04', '05', '06', '07', '10', '11', '12', '13'];

/** 20 inbound calls within a second, all answered by one phone */
export const BURST_SCENARIO = '14';

/** an Originate of PJSIP/1001: it rings, answers, and the dialplan calls the client */
export const CLICK_TO_CALL_SCENARIO = '08';

/** Originates Asterisk refused or could not place (bad channel, no such endpoint) */
export const ORIGINATE_FAILURES_SCENARIO = '17';

/** the burst plays after this many calls (at recorded pace about a minute) */
export const DEFAULT_BURST_EVERY = 5;
