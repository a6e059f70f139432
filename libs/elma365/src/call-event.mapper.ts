import type { CallEndedEvent, CallEvent } from '@app/calls';
import { VoipEventV1 } from './webhook-payload';
import { voipDisposition } from './voip-disposition';
import { PartiesInput, voipParties } from './voip-parties';
import { VoipDisposition, VoipEventName } from './voip-types';

/** What the caller of the mapper remembers about a call between its events. */
export interface CallEventMapContext {
  /**
   * The operator's extension last seen on this call (the answering one, else the last that rang), used by
   * `call.ended`, which names no extension. Without it an inbound end goes to the DID; ELMA365 still
   * matches it to the card by `callId`.
   */
  operatorExtension?: string | null;
}

/** A tracker event as ELMA365's `VoipWebhookRequest`; null for `call.finished` (see `mapCallRecord`). */
export function mapCallEvent(event: CallEvent, context: CallEventMapContext = {}): VoipEventV1 | null {
  switch (event.type) {
    case 'call.ringing':
      return voipEvent('NotifyStart', event, event.extension);
    case 'call.answered':
      return voipEvent('NotifyAnswer', event, event.extension);
    case 'call.ringing_stopped':
      return voipEvent('NotifyEnd', event, event.extension, 'Cancel');
    case 'call.ended':
      return voipEvent('NotifyEnd', event, context.operatorExtension ?? event.extension, endDisposition(event));
    case 'call.finished':
      return null;
  }
}

/**
 * The extension whose card an event opens, answers or closes: a card is (call, extension). The worker uses it to
 * drop a card whose moment has passed together with its closing event; null when the event names no extension.
 */
export function cardExtensionOf(event: CallEvent, context: CallEventMapContext = {}): string | null {
  switch (event.type) {
    case 'call.ringing':
    case 'call.answered':
    case 'call.ringing_stopped':
      return event.extension;
    case 'call.ended':
      return context.operatorExtension ?? event.extension;
    case 'call.finished':
      return null;
  }
}

/** A call merged into another (transfer) is not over for the client: its card just closes. */
function endDisposition(event: CallEndedEvent): VoipDisposition {
  return event.mergedInto === null ? voipDisposition(event.disposition) : 'Cancel';
}

function voipEvent(
  name: VoipEventName,
  event: Omit<PartiesInput, 'operator'> & { callId: string; at: string },
  operator: string | null,
  disposition?: VoipDisposition,
): VoipEventV1 {
  return {
    event: name,
    direction: event.direction,
    ...voipParties({ direction: event.direction, from: event.from, to: event.to, operator }),
    ...(disposition === undefined ? {} : { disposition }),
    callId: event.callId,
    at: event.at,
  };
}
