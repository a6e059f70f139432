import { CallDisposition } from './call-record';
import { CallGraph } from './call-graph';
import { CallState, ChannelState } from './tracker-state';

const BUSY_CAUSES = new Set([17, 21]);
const NO_ANSWER_CAUSES = new Set([18, 19]);
const FAILED_CAUSES = new Set([1, 2, 3, 20, 22, 27, 28, 29, 31, 34, 38, 41, 42, 44, 47, 58, 66, 88, 102, 111]);

/**
 * Why an unanswered call ended. The caller giving up while something rang (or it waited in a
 * queue) is abandoned; otherwise the Dial() outcomes decide; the caller's Hangup cause is the last resort.
 * A caller who hangs up in an IVR or a voicemail greeting rang nobody: that is no_answer, not abandoned.
 */
export function unansweredDisposition(
  call: CallState,
  graph: CallGraph,
  caller: ChannelState | undefined,
): CallDisposition {
  const origin = graph.origin(call);
  if (graph.isOriginated(origin) && origin?.upAt === undefined) return 'failed';
  if (call.abandonedAt !== undefined) return 'abandoned';
  const statuses = new Set(call.dialStatuses);
  for (const c of graph.channelsOf(call)) {
    if (c.dialStatus !== undefined && c !== origin && c !== caller) statuses.add(c.dialStatus);
  }
  if (statuses.has('NOANSWER')) return 'no_answer';
  if (statuses.has('BUSY')) return 'busy';
  if (statuses.has('CONGESTION') || statuses.has('CHANUNAVAIL')) return 'failed';
  if (call.queue !== undefined) return 'no_answer';
  if (statuses.has('CANCEL')) return 'abandoned';
  const cause = origin?.hangupCause;
  if (cause !== undefined && BUSY_CAUSES.has(cause)) return 'busy';
  if (cause !== undefined && NO_ANSWER_CAUSES.has(cause)) return 'no_answer';
  if (cause !== undefined && FAILED_CAUSES.has(cause)) return 'failed';
  return 'no_answer';
}
