import { toIso } from './ami-fields';
import { CallLeg, CallRecord } from './call-record';
import { CallGraph } from './call-graph';
import { callParties } from './call-parties';
import { unansweredDisposition } from './call-disposition';
import { PartyClassifier } from './party-classifier';
import { numberFromDialString } from './phone-number';
import { CallState, ChannelState } from './tracker-state';

export function buildCallRecord(
  call: CallState,
  pbxId: string,
  graph: CallGraph,
  classifier: PartyClassifier,
): CallRecord {
  const parties = callParties(call, graph, classifier);
  const channels = graph.channelsOf(call);
  const endedAt = Math.max(call.startedAt, ...channels.map((c) => c.hungUpAt ?? c.createdAt));
  const answeredAt = call.answeredAt;
  const answered = answeredAt !== undefined;
  const origin = graph.origin(call);
  return {
    callId: `${pbxId}:${call.linkedid}`,
    pbxId,
    linkedid: call.linkedid,
    direction: parties.direction,
    from: parties.from,
    to: parties.to,
    answeredBy: answered ? answeredByOf(call, graph, parties.callerExtension) : null,
    disposition: answered ? 'answered' : unansweredDisposition(call, graph, parties.caller),
    startedAt: toIso(call.startedAt),
    answeredAt: answered ? toIso(answeredAt) : null,
    endedAt: toIso(endedAt),
    waitSeconds: answered ? seconds(answeredAt - call.startedAt) : null,
    talkSeconds: answered ? seconds(endedAt - answeredAt) : null,
    extensions: extensionsOf(channels),
    transfers: call.transfers.map((t) => ({ ...t })),
    queue: call.queue ?? null,
    recording: call.recording ?? null,
    hangupCause: origin?.hangupCause ?? null,
    legs: channels.filter((c) => c.dialedBy !== undefined && c.kind !== 'local').map((c) => legOf(c, classifier)),
  };
}

/** Inbound and internal: who picked up; outbound: the calling extension once the client answered. */
export function answeredByOf(call: CallState, graph: CallGraph, callerExtension: string | null): string | null {
  const answering = graph.channel(call.answeredChannel);
  if (answering?.kind === 'extension') return answering.parsed.resource;
  return callerExtension;
}

function extensionsOf(channels: ChannelState[]): string[] {
  const set = new Set<string>();
  for (const c of channels) if (c.kind === 'extension') set.add(c.parsed.resource);
  return [...set].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

function legOf(c: ChannelState, classifier: PartyClassifier): CallLeg {
  return {
    channel: c.name,
    party:
      c.kind === 'extension' ? c.parsed.resource : classifier.phone(c.dialString && numberFromDialString(c.dialString)),
    startedAt: toIso(c.dialBeganAt ?? c.createdAt),
    answeredAt: c.dialStatus === 'ANSWER' && c.upAt !== undefined ? toIso(c.upAt) : null,
    endedAt: c.hungUpAt !== undefined ? toIso(c.hungUpAt) : null,
    dialStatus: c.dialStatus ?? null,
    hangupCause: c.hangupCause ?? null,
  };
}

function seconds(ms: number): number {
  return Math.round(Math.max(0, ms)) / 1000;
}
