import { CallDirection } from './call-record';
import { CallGraph } from './call-graph';
import { PartyClassifier } from './party-classifier';
import { isUnknownNumber, numberFromDialString } from './phone-number';
import { CallState, ChannelState } from './tracker-state';

export interface CallParties {
  direction: CallDirection;
  from: string | null;
  to: string | null;
  /** the extension that placed the call (outbound, internal), else null */
  callerExtension: string | null;
  /** the channel that stands for the caller (origin, with Local halves followed) */
  caller: ChannelState | undefined;
}

/**
 * Direction and parties from channel facts: the channel that started the call decides.
 * A trunk caller means inbound; an extension caller means outbound when a trunk leg was dialled
 * or the dialled number is not an extension, internal otherwise.
 */
export function callParties(call: CallState, graph: CallGraph, classifier: PartyClassifier): CallParties {
  const origin = graph.origin(call);
  const caller = graph.real(origin) ?? origin;
  if (!origin || caller?.kind === 'trunk') {
    return {
      direction: 'in',
      from: classifier.phone(knownCallerNum(origin, caller)),
      to: classifier.phone(dialledExten(origin)),
      callerExtension: null,
      caller,
    };
  }
  const callerExtension = caller?.kind === 'extension' ? caller.parsed.resource : null;
  const trunkNumber = trunkDialledNumber(call, graph);
  const dialled = graph.isOriginated(origin)
    ? (call.originate?.exten ?? dialledExten(origin))
    : (dialledExten(origin) ?? call.originate?.exten);
  const hasTrunk = trunkNumber !== undefined || graph.channelsOf(call).some((c) => c.kind === 'trunk');
  const from = callerExtension ?? classifier.party(knownCallerNum(origin, caller));
  if (hasTrunk || (dialled !== undefined && !classifier.isExtension(dialled))) {
    return { direction: 'out', from, to: classifier.phone(trunkNumber ?? dialled), callerExtension, caller };
  }
  const firstDialledExtension = graph
    .channelsOf(call)
    .find((c) => c.kind === 'extension' && c.dialedBy !== undefined && c !== caller)?.parsed.resource;
  return { direction: 'internal', from, to: dialled ?? firstDialledExtension ?? null, callerExtension, caller };
}

function knownCallerNum(origin: ChannelState | undefined, caller: ChannelState | undefined): string | undefined {
  for (const c of [origin, caller]) if (c && !isUnknownNumber(c.callerNum)) return c.callerNum;
  return undefined;
}

function dialledExten(origin: ChannelState | undefined): string | undefined {
  return origin && !isUnknownNumber(origin.exten) ? origin.exten : undefined;
}

/** The number sent to the first trunk leg, from its DialString. */
function trunkDialledNumber(call: CallState, graph: CallGraph): string | undefined {
  for (const c of graph.channelsOf(call)) {
    if (c.kind !== 'trunk' || c.dialString === undefined) continue;
    const n = numberFromDialString(c.dialString);
    if (n !== undefined) return n;
  }
  return undefined;
}
