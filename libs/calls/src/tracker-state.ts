import { CallTransfer } from './call-record';
import { ChannelName } from './channel-name';

export type EndpointKind = 'extension' | 'trunk' | 'local' | 'other';

export interface ChannelState {
  uniqueid: string;
  linkedid: string;
  name: string;
  parsed: ChannelName;
  kind: EndpointKind;
  createdAt: number;
  /** caller number and dialplan extension when the channel appeared */
  callerNum: string;
  exten: string;
  upAt?: number;
  hungUpAt?: number;
  hangupCause?: number;
  /** the far end of this channel hung up (HangupRequest) */
  hangupRequestedAt?: number;
  /** set once this channel is a Dial() target: the dialling channel, or null for an Originate leg */
  dialedBy?: string | null;
  dialBeganAt?: number;
  dialStatus?: string;
  dialString?: string;
  /** channels this one dialled, in order */
  dialed: string[];
  bridgeId?: string;
  /** call pickup: the channel of the phone that picked this ringing one up */
  pickedUpBy?: string;
  /** this phone's ring was counted for a card (a channel rings for one card, once) */
  ringingNotified: boolean;
}

/**
 * An open card: what ELMA365 shows one extension about one call, from NotifyStart to NotifyEnd. At most one per
 * (call, extension) at a time; once closed, the same extension ringing again opens a new one.
 */
export interface CallCard {
  extension: string;
  /** callee: the phone rang (or answered without ringing); caller: the extension dialled out */
  role: 'callee' | 'caller';
  /** channels of this extension still ringing for the card (a callee card closes when the last one stops) */
  ringing: string[];
  /** the channel whose hang-up closes the answered card: the answering phone, or the caller's own */
  holder?: string;
  answered: boolean;
}

export interface CallState {
  linkedid: string;
  /** the seq of the last event emitted for this call */
  eventSeq: number;
  /** uniqueids of every channel that belonged to the call, in order of appearance */
  channels: string[];
  startedAt: number;
  answeredAt?: number;
  /** the channel whose answer made the call answered */
  answeredChannel?: string;
  callerNotified: boolean;
  /** the open cards by extension, in the order they opened */
  cards: Map<string, CallCard>;
  /** the caller hung up before anyone answered, while a leg rang or the caller waited in a queue */
  abandonedAt?: number;
  transfers: CallTransfer[];
  queue?: string;
  inQueue: boolean;
  recording?: string;
  /** DIALSTATUS values Dial() reported, including attempts that created no channel (CHANUNAVAIL) */
  dialStatuses: string[];
  originate?: { exten?: string; response?: string };
  /** met first in a CoreShowChannels list: its beginning may have been another process's */
  resumed?: boolean;
}

export interface TrackerState {
  calls: Map<string, CallState>;
  channels: Map<string, ChannelState>;
  /** `Local/x@ctx-0001` -> uniqueids of its ;1 and ;2 halves */
  localPairs: Map<string, { one?: string; two?: string }>;
  bridges: Map<string, Set<string>>;
  /** last Timestamp seen: the clock for events that carry none (list items) */
  lastEventAt: number;
}

export function createTrackerState(): TrackerState {
  return { calls: new Map(), channels: new Map(), localPairs: new Map(), bridges: new Map(), lastEventAt: 0 };
}
