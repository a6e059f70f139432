import type { AmiMessage } from '@app/ami';
import { eventTime, toIso } from './ami-fields';
import { closeCardsForMerge, reopenCards } from './call-cards';
import { CallEvent } from './call-event';
import { CallGraph } from './call-graph';
import { callParties } from './call-parties';
import { CallTrackerOptions } from './call-tracker.options';
import { parseChannelName } from './channel-name';
import { PartyClassifier } from './party-classifier';
import { CallState, ChannelState, TrackerState } from './tracker-state';

export const CHANNEL_STATE_RINGING = '5';
export const CHANNEL_STATE_UP = '6';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface NewChannelFields {
  uniqueid: string;
  linkedid: string;
  name: string;
  callerNum: string;
  exten: string;
  createdAt: number;
  state?: string;
}

/**
 * One AMI event being applied: the event, its time, the state, and the operations every handler
 * shares (finding and creating channels, calls and bridges). Short-lived: one per event.
 */
export class TrackerContext {
  readonly out: CallEvent[] = [];
  readonly at: number;
  readonly graph: CallGraph;

  constructor(
    readonly state: TrackerState,
    readonly options: CallTrackerOptions,
    readonly classifier: PartyClassifier,
    readonly event: AmiMessage,
    receivedAtMs: number,
  ) {
    const hasTimestamp = event.has('Timestamp');
    // List items carry no Timestamp: they take the last time seen rather than a receive time from another clock.
    this.at = eventTime(event, hasTimestamp || state.lastEventAt === 0 ? receivedAtMs : state.lastEventAt);
    if (hasTimestamp) state.lastEventAt = Math.max(state.lastEventAt, this.at);
    this.graph = new CallGraph(state);
  }

  get(header: string): string | undefined {
    return this.event.get(header);
  }

  get atIso(): string {
    return toIso(this.at);
  }

  /**
   * The channel an event is about (`prefix` '' or 'Dest'), relinked when its Linkedid moved. Only events that
   * start a channel's life (Newchannel, a Dial) may create it: a CEL or Cdr arriving after the last Hangup must
   * not bring a finished call back.
   */
  channel(prefix: '' | 'Dest', create = false): ChannelState | undefined {
    const uniqueid = this.get(`${prefix}Uniqueid`);
    const linkedid = this.get(`${prefix}Linkedid`);
    const name = this.get(`${prefix}Channel`);
    if (!uniqueid || uniqueid === '<unknown>') return undefined;
    const known = this.state.channels.get(uniqueid);
    if (known) {
      if (linkedid && linkedid !== known.linkedid) this.relink(known, linkedid);
      return known;
    }
    if (!create || !linkedid || !name) return undefined;
    return this.addChannel({
      uniqueid,
      linkedid,
      name,
      callerNum: this.get(`${prefix}CallerIDNum`) ?? '',
      exten: this.get(`${prefix}Exten`) ?? '',
      createdAt: this.at,
      state: this.get(`${prefix}ChannelState`),
    });
  }

  addChannel(f: NewChannelFields): ChannelState {
    const parsed = parseChannelName(f.name);
    const channel: ChannelState = {
      uniqueid: f.uniqueid,
      linkedid: f.linkedid,
      name: f.name,
      parsed,
      kind: this.classifier.endpointKind(parsed),
      createdAt: f.createdAt,
      callerNum: f.callerNum,
      exten: f.exten,
      upAt: f.state === CHANNEL_STATE_UP ? f.createdAt : undefined,
      dialed: [],
      ringingNotified: false,
    };
    this.state.channels.set(channel.uniqueid, channel);
    if (parsed.localBase) {
      const pair = this.state.localPairs.get(parsed.localBase) ?? {};
      if (parsed.localHalf === 1) pair.one = channel.uniqueid;
      else pair.two = channel.uniqueid;
      this.state.localPairs.set(parsed.localBase, pair);
    }
    this.callFor(f.linkedid, f.createdAt).channels.push(channel.uniqueid);
    return channel;
  }

  callOf(channel: ChannelState | undefined): CallState | undefined {
    return channel && this.state.calls.get(channel.linkedid);
  }

  /** The call's first channel and the phone or trunk it stands for (Local halves followed). */
  callerOf(call: CallState): { origin: ChannelState | undefined; caller: ChannelState | undefined } {
    const origin = this.graph.origin(call);
    return { origin, caller: this.graph.real(origin) ?? origin };
  }

  joinBridge(channel: ChannelState, bridgeId: string): void {
    if (channel.bridgeId && channel.bridgeId !== bridgeId) this.leaveBridge(channel);
    channel.bridgeId = bridgeId;
    let members = this.state.bridges.get(bridgeId);
    if (!members) this.state.bridges.set(bridgeId, (members = new Set()));
    members.add(channel.uniqueid);
  }

  leaveBridge(channel: ChannelState): void {
    if (!channel.bridgeId) return;
    this.state.bridges.get(channel.bridgeId)?.delete(channel.uniqueid);
    channel.bridgeId = undefined;
  }

  /** The younger call becomes part of the older one: a transferred or picked-up call is ONE call. */
  mergeCalls(from: CallState, into: CallState): void {
    if (from === into) return;
    const { direction, from: fromParty, to } = callParties(from, this.graph, this.classifier);
    const cards = closeCardsForMerge(this, from, { direction, from: fromParty, to });
    for (const c of this.graph.channelsOf(from)) {
      c.linkedid = into.linkedid;
      into.channels.push(c.uniqueid);
    }
    into.transfers.push(...from.transfers);
    into.dialStatuses.push(...from.dialStatuses);
    into.queue ??= from.queue;
    into.recording ??= from.recording;
    into.startedAt = Math.min(into.startedAt, from.startedAt);
    into.eventSeq = Math.max(into.eventSeq, from.eventSeq);
    this.state.calls.delete(from.linkedid);
    this.emit(from, {
      type: 'call.ended',
      callId: this.callId(from),
      at: this.atIso,
      disposition: null,
      mergedInto: this.callId(into),
      extension: null,
      direction,
      from: fromParty,
      to,
    });
    reopenCards(this, into, cards);
  }

  callId(call: CallState): string {
    return `${this.options.pbxId}:${call.linkedid}`;
  }

  /** Emits an event of `call`, numbering it after the call's previous one. */
  emit(call: CallState, event: DistributiveOmit<CallEvent, 'seq'>): void {
    call.eventSeq += 1;
    this.out.push({ ...event, seq: call.eventSeq } as CallEvent);
  }

  private callFor(linkedid: string, startedAt: number): CallState {
    let call = this.state.calls.get(linkedid);
    if (!call) {
      call = {
        linkedid,
        eventSeq: 0,
        channels: [],
        startedAt,
        callerNotified: false,
        cards: new Map(),
        transfers: [],
        inQueue: false,
        dialStatuses: [],
      };
      this.state.calls.set(linkedid, call);
    }
    return call;
  }

  /** A channel took the oldest Linkedid of its bridge (after a transfer): its old call joins the new one. */
  private relink(channel: ChannelState, linkedid: string): void {
    const from = this.state.calls.get(channel.linkedid);
    const into = this.state.calls.get(linkedid);
    if (from && into) return this.mergeCalls(from, into);
    if (!from) {
      channel.linkedid = linkedid;
      this.callFor(linkedid, channel.createdAt).channels.push(channel.uniqueid);
      return;
    }
    this.state.calls.delete(from.linkedid);
    for (const c of this.graph.channelsOf(from)) if (c.linkedid === from.linkedid) c.linkedid = linkedid;
    channel.linkedid = linkedid;
    from.linkedid = linkedid;
    this.state.calls.set(linkedid, from);
  }
}
