import { AmiMessage } from '@app/ami';
import { durationMs, eventTime, intOrUndefined, toIso } from './ami-fields';
import { CallEvent, RingingStopReason } from './call-event';
import { answeredByOf, buildCallRecord } from './call-record.builder';
import { CallGraph } from './call-graph';
import { callParties } from './call-parties';
import { CallTrackerOptions, callTrackerOptions } from './call-tracker.options';
import { parseChannelName } from './channel-name';
import { PartyClassifier } from './party-classifier';
import { CallState, ChannelState, TrackerState, createTrackerState } from './tracker-state';

const STATE_RINGING = '5';
const STATE_UP = '6';

/**
 * The call tracker: `(state, amiEvent) -> callEvents`. No I/O and no clock: time comes from the
 * events' Timestamp header (else the receive time handed in), so a recorded stream replays to the
 * same calls. The state is owned by the caller and updated in place (2,000 live calls must stay cheap).
 */
export class CallTracker {
  private readonly options: CallTrackerOptions;
  private readonly classifier: PartyClassifier;

  constructor(options: Partial<CallTrackerOptions> = {}) {
    this.options = callTrackerOptions(options);
    this.classifier = new PartyClassifier(this.options);
  }

  createState(): TrackerState {
    return createTrackerState();
  }

  apply(state: TrackerState, event: AmiMessage, receivedAtMs: number): CallEvent[] {
    const name = event.event;
    if (name === undefined) return [];
    const step = new TrackerStep(state, this.options, this.classifier, event, receivedAtMs);
    step.run(name);
    return step.out;
  }

  /** Calls still in progress, for metrics and resync. */
  liveCallIds(state: TrackerState): string[] {
    return [...state.calls.keys()].map((linkedid) => `${this.options.pbxId}:${linkedid}`);
  }
}

/** One event applied to the state; short-lived, so handlers share the event, its time and the output. */
class TrackerStep {
  readonly out: CallEvent[] = [];
  private readonly at: number;
  private readonly graph: CallGraph;

  constructor(
    private readonly state: TrackerState,
    private readonly options: CallTrackerOptions,
    private readonly classifier: PartyClassifier,
    private readonly event: AmiMessage,
    receivedAtMs: number,
  ) {
    const hasTimestamp = event.has('Timestamp');
    this.at = eventTime(event, hasTimestamp || state.lastEventAt === 0 ? receivedAtMs : state.lastEventAt);
    if (hasTimestamp) state.lastEventAt = Math.max(state.lastEventAt, this.at);
    this.graph = new CallGraph(state);
  }

  run(name: string): void {
    switch (name) {
      case 'Newchannel':
        return void this.channelFromEvent('', true);
      case 'CoreShowChannel':
        return this.onListedChannel();
      case 'Newstate':
        return this.onNewstate();
      case 'NewCallerid':
        return this.onNewCallerid();
      case 'VarSet':
        return this.onVarSet();
      case 'HangupRequest':
        return this.onHangupRequest();
      case 'Hangup':
        return this.onHangup();
      case 'DialBegin':
        return this.onDialBegin();
      case 'DialState':
        return this.onDialState();
      case 'DialEnd':
        return this.onDialEnd();
      case 'OriginateResponse':
        return this.onOriginateResponse();
      case 'BridgeEnter':
        return this.onBridgeEnter();
      case 'BridgeLeave':
        return this.onBridgeLeave();
      case 'BridgeDestroy':
        return void this.state.bridges.delete(this.event.get('BridgeUniqueid') ?? '');
      case 'BlindTransfer':
        return this.onBlindTransfer();
      case 'AttendedTransfer':
        return this.onAttendedTransfer();
      case 'Pickup':
        return this.onPickup();
      case 'QueueCallerJoin':
        return this.onQueueCallerJoin();
      case 'QueueCallerLeave':
        return this.withCallOf(this.event.get('Uniqueid'), (call) => (call.inQueue = false));
      case 'QueueCallerAbandon':
        return this.onQueueCallerAbandon();
      default:
        // Every other channel event still tells us the channel's current Linkedid.
        if (this.event.has('Uniqueid') && this.event.has('Linkedid')) this.channelFromEvent('');
    }
  }

  // ---- channels -------------------------------------------------------------------------------

  /**
   * The channel an event is about (`prefix` '' or 'Dest'), relinked when its Linkedid moved. Only events that
   * start a channel's life (Newchannel, a Dial) may create it: a CEL or Cdr arriving after the last Hangup must
   * not bring a finished call back.
   */
  private channelFromEvent(prefix: '' | 'Dest', create = false): ChannelState | undefined {
    const uniqueid = this.event.get(`${prefix}Uniqueid`);
    const linkedid = this.event.get(`${prefix}Linkedid`);
    const name = this.event.get(`${prefix}Channel`);
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
      callerNum: this.event.get(`${prefix}CallerIDNum`) ?? '',
      exten: this.event.get(`${prefix}Exten`) ?? '',
      createdAt: this.at,
      state: this.event.get(`${prefix}ChannelState`),
    });
  }

  private addChannel(f: {
    uniqueid: string;
    linkedid: string;
    name: string;
    callerNum: string;
    exten: string;
    createdAt: number;
    state?: string;
  }): ChannelState {
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
      upAt: f.state === STATE_UP ? f.createdAt : undefined,
      dialed: [],
      ringingNotified: false,
      ringingStopped: false,
    };
    this.state.channels.set(channel.uniqueid, channel);
    if (parsed.localBase) {
      const pair = this.state.localPairs.get(parsed.localBase) ?? {};
      if (parsed.localHalf === 1) pair.one = channel.uniqueid;
      else pair.two = channel.uniqueid;
      this.state.localPairs.set(parsed.localBase, pair);
    }
    const call = this.callFor(f.linkedid, f.createdAt);
    call.channels.push(channel.uniqueid);
    return channel;
  }

  private callFor(linkedid: string, startedAt: number): CallState {
    let call = this.state.calls.get(linkedid);
    if (!call) {
      call = {
        linkedid,
        channels: [],
        startedAt,
        answerNotified: false,
        callerNotified: false,
        transfers: [],
        inQueue: false,
        dialStatuses: [],
      };
      this.state.calls.set(linkedid, call);
    }
    return call;
  }

  /** After an (attended) transfer a channel takes the oldest Linkedid of its bridge: its old call joins the new one. */
  private relink(channel: ChannelState, linkedid: string): void {
    const from = this.state.calls.get(channel.linkedid);
    const into = this.state.calls.get(linkedid);
    if (!from) {
      channel.linkedid = linkedid;
      this.callFor(linkedid, channel.createdAt).channels.push(channel.uniqueid);
      return;
    }
    if (!into) {
      this.state.calls.delete(from.linkedid);
      for (const c of this.graph.channelsOf(from)) if (c.linkedid === from.linkedid) c.linkedid = linkedid;
      channel.linkedid = linkedid;
      from.linkedid = linkedid;
      this.state.calls.set(linkedid, from);
      return;
    }
    this.mergeCalls(from, into);
  }

  private mergeCalls(from: CallState, into: CallState): void {
    if (from === into) return;
    for (const c of this.graph.channelsOf(from)) {
      c.linkedid = into.linkedid;
      into.channels.push(c.uniqueid);
    }
    into.transfers.push(...from.transfers);
    into.dialStatuses.push(...from.dialStatuses);
    into.queue ??= from.queue;
    into.recording ??= from.recording;
    into.startedAt = Math.min(into.startedAt, from.startedAt);
    this.state.calls.delete(from.linkedid);
    this.emit({
      type: 'call.ended',
      callId: this.callId(from),
      at: toIso(this.at),
      disposition: null,
      mergedInto: this.callId(into),
    });
  }

  private onListedChannel(): void {
    const uniqueid = this.event.get('Uniqueid');
    if (!uniqueid || this.state.channels.has(uniqueid)) return;
    const linkedid = this.event.get('Linkedid');
    const name = this.event.get('Channel');
    if (!linkedid || !name) return;
    const channel = this.addChannel({
      uniqueid,
      linkedid,
      name,
      callerNum: this.event.get('CallerIDNum') ?? '',
      exten: this.event.get('Exten') ?? '',
      createdAt: this.at - durationMs(this.event.get('Duration')),
      state: this.event.get('ChannelState'),
    });
    const bridgeId = this.event.get('BridgeId');
    if (bridgeId) this.joinBridge(channel, bridgeId);
  }

  private onNewstate(): void {
    const channel = this.channelFromEvent('');
    if (!channel) return;
    const state = this.event.get('ChannelState');
    if (state === STATE_UP) channel.upAt ??= this.at;
    if (state === STATE_RINGING) this.notifyRinging(channel);
  }

  private onNewCallerid(): void {
    const channel = this.channelFromEvent('');
    const num = this.event.get('CallerIDNum');
    // Local halves are born with <unknown>; the first real number is who they stand for.
    if (channel && num && (channel.callerNum === '' || channel.callerNum === '<unknown>')) channel.callerNum = num;
  }

  private onVarSet(): void {
    const variable = this.event.get('Variable');
    if (variable !== 'MIXMONITOR_FILENAME' && variable !== 'DIALSTATUS') return;
    const channel = this.channelFromEvent('');
    const call = channel && this.state.calls.get(channel.linkedid);
    const value = this.event.get('Value') ?? '';
    if (!call || value === '') return;
    if (variable === 'MIXMONITOR_FILENAME') call.recording ??= value;
    else call.dialStatuses.push(value);
  }

  private onHangupRequest(): void {
    const channel = this.channelFromEvent('');
    if (!channel) return;
    channel.hangupRequestedAt ??= this.at;
    const call = this.state.calls.get(channel.linkedid);
    if (!call || call.answeredAt !== undefined || call.abandonedAt !== undefined) return;
    const origin = this.graph.origin(call);
    const caller = this.graph.real(origin) ?? origin;
    if (channel !== origin && channel !== caller) return;
    if (call.inQueue || this.graph.hasRingingLeg(call, caller)) call.abandonedAt = this.at;
  }

  private onHangup(): void {
    const channel = this.channelFromEvent('');
    if (!channel) return;
    channel.hungUpAt ??= this.at;
    channel.hangupCause ??= intOrUndefined(this.event.get('Cause'));
    const call = this.state.calls.get(channel.linkedid);
    if (!call) return;
    if (channel.ringingNotified && !channel.ringingStopped && call.answeredChannel !== channel.uniqueid) {
      this.stopRinging(channel, call, this.stopReason(channel, call));
    }
    if (channel.bridgeId) this.leaveBridge(channel);
    if (this.graph.allHungUp(call)) this.finish(call);
  }

  // ---- dialling -------------------------------------------------------------------------------

  private onDialBegin(): void {
    const dest = this.channelFromEvent('Dest', true);
    if (!dest) return;
    const caller = this.channelFromEvent('', true);
    dest.dialedBy = caller ? caller.uniqueid : null;
    dest.dialBeganAt ??= this.at;
    dest.dialString = this.event.get('DialString');
    if (caller && !caller.dialed.includes(dest.uniqueid)) caller.dialed.push(dest.uniqueid);
    const call = this.state.calls.get(dest.linkedid);
    if (call && dest.kind === 'trunk') this.notifyOutgoing(call);
  }

  private onDialState(): void {
    const dest = this.channelFromEvent('Dest');
    this.channelFromEvent('');
    if (dest && this.event.get('DialStatus') === 'RINGING') this.notifyRinging(dest);
  }

  private onDialEnd(): void {
    const dest = this.channelFromEvent('Dest');
    this.channelFromEvent('');
    const status = this.event.get('DialStatus');
    if (!dest || !status) return;
    // Asterisk can repeat a DialEnd (queues send CANCEL twice): the first outcome stands.
    if (dest.dialStatus !== undefined) return;
    dest.dialStatus = status;
    const call = this.state.calls.get(dest.linkedid);
    if (!call) return;
    if (status === 'ANSWER') {
      dest.upAt ??= this.at;
      this.considerAnswer(call, dest);
    } else if (status !== 'CANCEL' && dest.ringingNotified && !dest.ringingStopped) {
      // A CANCEL's reason shows only later (Hangup cause 26, or an answer): it is decided there.
      this.stopRinging(dest, call, this.stopReason(dest, call));
    }
  }

  private onOriginateResponse(): void {
    const exten = this.event.get('Exten');
    const response = this.event.get('Response');
    const byId = this.state.channels.get(this.event.get('Uniqueid') ?? '');
    const leg = byId ?? this.pendingOriginateLeg(this.event.get('Channel'));
    const call = leg && this.state.calls.get(leg.linkedid);
    if (call) call.originate = { exten: exten || undefined, response };
  }

  /** A failed Originate says `Uniqueid: <unknown>` and names the dial string (`PJSIP/1003`), not the channel. */
  private pendingOriginateLeg(dialString: string | undefined): ChannelState | undefined {
    if (!dialString) return undefined;
    let found: ChannelState | undefined;
    for (const call of this.state.calls.values()) {
      if (call.originate) continue;
      const origin = this.graph.origin(call);
      if (origin && this.graph.isOriginated(origin) && origin.name.startsWith(`${dialString}-`)) {
        if (!found || origin.createdAt > found.createdAt) found = origin;
      }
    }
    return found;
  }

  private considerAnswer(call: CallState, answered: ChannelState): void {
    const answering = this.graph.channel(answered.pickedUpBy) ?? answered;
    if (call.answeredAt !== undefined || answering.kind === 'local') return;
    const origin = this.graph.origin(call);
    const caller = this.graph.real(origin) ?? origin;
    if (answering === origin || answering === caller) return;
    call.answeredAt = this.at;
    call.answeredChannel = answering.uniqueid;
    this.notifyAnswered(call, answering);
  }

  // ---- bridges ---------------------------------------------------------------------------------

  private onBridgeEnter(): void {
    const channel = this.channelFromEvent('');
    const bridgeId = this.event.get('BridgeUniqueid');
    if (!channel || !bridgeId) return;
    this.joinBridge(channel, bridgeId);
    this.mergeBridgedCalls(channel);
    this.considerBridgedAnswer(channel);
  }

  /**
   * Asterisk gives a channel entering a two-party bridge the oldest Linkedid in it (pickup, transfer);
   * the events saying so can come later than the BridgeEnter, so the calls are joined here already.
   */
  private mergeBridgedCalls(channel: ChannelState): void {
    const members = this.graph.bridgeMembers(channel.bridgeId);
    if (members.length !== 2) return;
    const mine = this.state.calls.get(channel.linkedid);
    const peer = members.find((m) => m !== channel);
    const theirs = peer && this.state.calls.get(peer.linkedid);
    if (!mine || !theirs || mine === theirs) return;
    const [younger, older] = mine.startedAt >= theirs.startedAt ? [mine, theirs] : [theirs, mine];
    this.mergeCalls(younger, older);
  }

  private onBridgeLeave(): void {
    const channel = this.channelFromEvent('');
    if (channel && channel.bridgeId === this.event.get('BridgeUniqueid')) this.leaveBridge(channel);
  }

  private joinBridge(channel: ChannelState, bridgeId: string): void {
    if (channel.bridgeId && channel.bridgeId !== bridgeId) this.leaveBridge(channel);
    channel.bridgeId = bridgeId;
    let members = this.state.bridges.get(bridgeId);
    if (!members) this.state.bridges.set(bridgeId, (members = new Set()));
    members.add(channel.uniqueid);
  }

  private leaveBridge(channel: ChannelState): void {
    if (!channel.bridgeId) return;
    this.state.bridges.get(channel.bridgeId)?.delete(channel.uniqueid);
    channel.bridgeId = undefined;
  }

  /** Answers without a Dial() (call pickup, an agent bridged in by an app): an extension bridged with the caller. */
  private considerBridgedAnswer(channel: ChannelState): void {
    const call = this.state.calls.get(channel.linkedid);
    if (!call || call.answeredAt !== undefined) return;
    const origin = this.graph.origin(call);
    const caller = this.graph.real(origin) ?? origin;
    if (!caller || caller.kind !== 'trunk') return;
    const members = this.graph.bridgeMembers(channel.bridgeId);
    if (!members.includes(caller) && !(origin && members.includes(origin))) return;
    const phone = members.find((m) => m.kind === 'extension' && m.upAt !== undefined);
    if (phone) this.considerAnswer(call, phone);
  }

  // ---- transfers and queues -------------------------------------------------------------------

  private onBlindTransfer(): void {
    if (this.event.get('Result') !== 'Success') return;
    const transferer = this.graph.channel(this.event.get('TransfererUniqueid'));
    const transferee = this.graph.channel(this.event.get('TransfereeUniqueid'));
    const call = this.state.calls.get((transferee ?? transferer)?.linkedid ?? '');
    if (!call) return;
    call.transfers.push({
      kind: 'blind',
      from: this.graph.extensionOf(transferer),
      to: this.classifier.party(this.event.get('Extension')),
      at: toIso(this.at),
    });
  }

  private onAttendedTransfer(): void {
    if (this.event.get('Result') !== 'Success') return;
    const transferee = this.graph.channel(this.event.get('TransfereeUniqueid'));
    const first = this.graph.channel(this.event.get('OrigTransfererUniqueid'));
    const second = this.graph.channel(this.event.get('SecondTransfererUniqueid'));
    const target = this.graph.channel(this.event.get('TransferTargetUniqueid'));
    const call = this.state.calls.get((transferee ?? first)?.linkedid ?? '');
    if (!call) return;
    for (const other of [first, second, target]) {
      const otherCall = other && this.state.calls.get(other.linkedid);
      if (otherCall && otherCall !== call) this.mergeCalls(otherCall, call);
    }
    const transferers = new Set([transferee, first, second].filter((c): c is ChannelState => !!c));
    const landed = this.graph
      .bridgeMembers(this.event.get('DestBridgeUniqueid'))
      .filter((c) => !transferers.has(c))
      .map((c) => this.graph.extensionOf(c))
      .find((ext) => ext !== null);
    call.transfers.push({
      kind: 'attended',
      from: this.graph.extensionOf(first),
      to:
        landed ??
        this.graph.extensionOf(target) ??
        this.classifier.party(this.event.get('SecondTransfererConnectedLineNum')),
      at: toIso(this.at),
    });
  }

  /** Another phone took a ringing call (pickup group, directed pickup): it answers in the ringing phone's place. */
  private onPickup(): void {
    const picker = this.channelFromEvent('');
    const target = this.graph.channel(this.event.get('TargetUniqueid'));
    if (!picker || !target || picker === target) return;
    target.pickedUpBy = picker.uniqueid;
    const pickerCall = this.state.calls.get(picker.linkedid);
    const targetCall = this.state.calls.get(target.linkedid);
    if (pickerCall && targetCall) this.mergeCalls(pickerCall, targetCall);
  }

  private onQueueCallerJoin(): void {
    this.withCallOf(this.channelFromEvent('')?.uniqueid, (call) => {
      call.queue ??= this.event.get('Queue');
      call.inQueue = true;
    });
  }

  private onQueueCallerAbandon(): void {
    this.withCallOf(this.event.get('Uniqueid'), (call) => {
      call.inQueue = false;
      if (call.answeredAt === undefined) call.abandonedAt ??= this.at;
    });
  }

  private withCallOf(uniqueid: string | undefined, fn: (call: CallState) => void): void {
    const channel = this.graph.channel(uniqueid);
    const call = channel && this.state.calls.get(channel.linkedid);
    if (call) fn(call);
  }

  // ---- live events and the record -------------------------------------------------------------

  private notifyRinging(channel: ChannelState): void {
    if (channel.ringingNotified || channel.kind !== 'extension' || channel.dialedBy === undefined) return;
    const call = this.state.calls.get(channel.linkedid);
    if (!call || call.answeredAt !== undefined) return;
    channel.ringingNotified = true;
    const parties = callParties(call, this.graph, this.classifier);
    if (parties.caller === channel) return;
    this.emit({
      type: 'call.ringing',
      callId: this.callId(call),
      at: toIso(this.at),
      role: 'callee',
      extension: channel.parsed.resource,
      direction: parties.direction,
      from: parties.from,
      to: parties.to,
    });
  }

  /** An extension dialling out gets its card when the trunk leg starts. */
  private notifyOutgoing(call: CallState): void {
    if (call.callerNotified) return;
    const parties = callParties(call, this.graph, this.classifier);
    if (parties.direction !== 'out' || parties.callerExtension === null) return;
    call.callerNotified = true;
    this.emit({
      type: 'call.ringing',
      callId: this.callId(call),
      at: toIso(this.at),
      role: 'caller',
      extension: parties.callerExtension,
      direction: parties.direction,
      from: parties.from,
      to: parties.to,
    });
  }

  private notifyAnswered(call: CallState, answering: ChannelState): void {
    const parties = callParties(call, this.graph, this.classifier);
    if (answering.kind === 'extension' && !answering.ringingNotified) this.notifyRinging(answering);
    call.answerNotified = true;
    this.emit({
      type: 'call.answered',
      callId: this.callId(call),
      at: toIso(this.at),
      extension: answeredByOf(call, this.graph, parties.callerExtension),
      direction: parties.direction,
      from: parties.from,
      to: parties.to,
    });
    for (const c of this.graph.channelsOf(call)) {
      if (c !== answering && c.ringingNotified && !c.ringingStopped) this.stopRinging(c, call, 'answered_elsewhere');
    }
  }

  private stopReason(channel: ChannelState, call: CallState): RingingStopReason {
    if (call.answeredAt !== undefined || channel.hangupCause === 26) return 'answered_elsewhere';
    switch (channel.dialStatus) {
      case 'NOANSWER':
        return 'no_answer';
      case 'BUSY':
        return 'busy';
      case 'CANCEL':
      case undefined:
        return 'cancelled';
      default:
        return 'failed';
    }
  }

  private stopRinging(channel: ChannelState, call: CallState, reason: RingingStopReason): void {
    channel.ringingStopped = true;
    this.emit({
      type: 'call.ringing_stopped',
      callId: this.callId(call),
      at: toIso(this.at),
      extension: channel.parsed.resource,
      reason,
    });
  }

  private finish(call: CallState): void {
    const record = buildCallRecord(call, this.options.pbxId, this.graph, this.classifier);
    const at = record.endedAt;
    this.emit({ type: 'call.ended', callId: record.callId, at, disposition: record.disposition, mergedInto: null });
    this.emit({ type: 'call.finished', callId: record.callId, at, record });
    for (const c of this.graph.channelsOf(call)) {
      this.state.channels.delete(c.uniqueid);
      if (c.parsed.localBase) this.state.localPairs.delete(c.parsed.localBase);
      if (c.bridgeId) this.leaveBridge(c);
    }
    this.state.calls.delete(call.linkedid);
  }

  private callId(call: CallState): string {
    return `${this.options.pbxId}:${call.linkedid}`;
  }

  private emit(event: CallEvent): void {
    this.out.push(event);
  }
}
