import { AmiMessage } from '@app/ami';
import { onBridgeDestroy, onBridgeEnter, onBridgeLeave } from './bridge-events';
import { CallEvent } from './call-event';
import { CallTrackerOptions, callTrackerOptions } from './call-tracker.options';
import {
  onChannelEvent,
  onHangup,
  onHangupRequest,
  onListedChannel,
  onNewCallerid,
  onNewchannel,
  onNewstate,
  onResync,
  onVarSet,
} from './channel-events';
import { onDialBegin, onDialEnd, onDialState, onOriginateResponse } from './dial-events';
import { PartyClassifier } from './party-classifier';
import { onQueueCallerAbandon, onQueueCallerJoin, onQueueCallerLeave } from './queue-events';
import { TrackerContext } from './tracker-context';
import { TrackerState, createTrackerState } from './tracker-state';
import { onAttendedTransfer, onBlindTransfer, onPickup } from './transfer-events';

type EventHandler = (ctx: TrackerContext) => void;

const HANDLERS: Readonly<Record<string, EventHandler>> = {
  Newchannel: onNewchannel,
  CoreShowChannel: onListedChannel,
  Newstate: onNewstate,
  NewCallerid: onNewCallerid,
  VarSet: onVarSet,
  HangupRequest: onHangupRequest,
  Hangup: onHangup,
  DialBegin: onDialBegin,
  DialState: onDialState,
  DialEnd: onDialEnd,
  OriginateResponse: onOriginateResponse,
  BridgeEnter: onBridgeEnter,
  BridgeLeave: onBridgeLeave,
  BridgeDestroy: onBridgeDestroy,
  BlindTransfer: onBlindTransfer,
  AttendedTransfer: onAttendedTransfer,
  Pickup: onPickup,
  QueueCallerJoin: onQueueCallerJoin,
  QueueCallerLeave: onQueueCallerLeave,
  QueueCallerAbandon: onQueueCallerAbandon,
};

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
    const ctx = new TrackerContext(state, this.options, this.classifier, event, receivedAtMs);
    (Object.hasOwn(HANDLERS, name) ? HANDLERS[name] : onChannelEvent)(ctx);
    return ctx.out;
  }

  /**
   * After a reconnect: `liveUniqueids` are the channels Asterisk still has (CoreShowChannels). Every tracked channel
   * missing from it hung up while nobody was listening; its call ends now, so it is recorded rather than kept forever.
   * Only channels seen by `snapshotAt` (the tracker's clock when the list was asked for) count: a channel born while
   * the list was being sent is simply not in it.
   */
  reconcile(state: TrackerState, liveUniqueids: ReadonlySet<string>, snapshotAt: number, atMs: number): CallEvent[] {
    const marker = new AmiMessage([
      ['Event', 'ConnectorResync'],
      ['Timestamp', (atMs / 1000).toFixed(6)],
    ]);
    const ctx = new TrackerContext(state, this.options, this.classifier, marker, atMs);
    onResync(ctx, liveUniqueids, snapshotAt);
    return ctx.out;
  }
}
