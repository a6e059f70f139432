import type { CallDisposition } from '@app/calls';
import { isRingingApp, isUnansweredOriginate, ringTimeoutSeconds } from './cdr-app-data';
import type { CdrCall, CdrLeg } from './cdr-call';

/**
 * Why an unanswered call ended, following the tracker's rules as far as a CDR can tell them:
 * 1. the originate's own leg (the agent) never answered -> failed;
 * 2. the caller hung up while phones rang -> abandoned: the caller's last row is a Dial/Queue nobody answered, cut
 *    short of its ring timeout (or with none), and the dialplan did not go on (CDR has no HangupRequest to say who
 *    hung up; a timeout that elapsed leaves the dialplan running, which makes a row of its own);
 * 3. the phones' outcomes: any NO ANSWER -> no_answer, any BUSY -> busy, CONGESTION/FAILED -> failed;
 * 4. anything else (an IVR, a voicemail greeting that rang nobody) -> no_answer.
 */
export function cdrUnansweredDisposition(call: CdrCall, legs: readonly CdrLeg[]): CallDisposition {
  const callerRows = call.callerRows;
  if (isUnansweredOriginate(call.callerRow)) return 'failed';
  const last = callerRows.at(-1);
  if (last && isRingingApp(last) && last.disposition === 'NO ANSWER') {
    const timeout = ringTimeoutSeconds(last);
    if (timeout === undefined || last.duration < timeout) return 'abandoned';
  }
  const legOutcomes = new Set(legs.map((leg) => leg.row.disposition));
  const outcomes = new Set([...legOutcomes, ...callerRows.map((r) => r.disposition)]);
  if (legOutcomes.has('NO ANSWER')) return 'no_answer';
  if (outcomes.has('BUSY')) return 'busy';
  if (outcomes.has('CONGESTION') || outcomes.has('FAILED')) return 'failed';
  return 'no_answer';
}
