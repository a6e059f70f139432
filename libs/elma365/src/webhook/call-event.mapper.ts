import type { CallEvent, RingingStopReason } from '@app/calls';
import { VoipEventV1 } from './webhook-payload';
import { voipDisposition } from './voip-disposition';
import { PartiesInput, voipParties } from './voip-parties';
import { VoipDisposition, VoipEventName } from './voip-types';

/** Why a phone stopped ringing, as the disposition its unanswered card closes with. */
const RING_STOP_DISPOSITIONS: Readonly<Record<RingingStopReason, VoipDisposition>> = {
  answered_elsewhere: 'Cancel',
  cancelled: 'Cancel',
  no_answer: 'NoAnswer',
  busy: 'Busy',
  failed: 'Unknown',
};

/**
 * A tracker event as ELMA365's `VoipWebhookRequest` for the card it opens, answers or closes (a card is call +
 * extension; the tracker keeps each card to one NotifyStart, at most one NotifyAnswer and one NotifyEnd). Null when
 * it touches no card (its extension is null) and for `call.finished` (see `mapCallRecord`).
 */
export function mapCallEvent(event: CallEvent): VoipEventV1 | null {
  const card = cardExtensionOf(event);
  if (card === null) return null;
  switch (event.type) {
    case 'call.ringing':
      return voipEvent('NotifyStart', event, card);
    case 'call.answered':
    case 'call.transfer_answered':
      return voipEvent('NotifyAnswer', event, card);
    case 'call.ringing_stopped':
      return voipEvent('NotifyEnd', event, card, RING_STOP_DISPOSITIONS[event.reason]);
    case 'call.left':
      return voipEvent('NotifyEnd', event, card, 'Answered');
    case 'call.ended':
      return voipEvent('NotifyEnd', event, card, voipDisposition(event.disposition));
    case 'call.finished':
      return null;
  }
}

/**
 * The extension whose card an event opens, answers or closes: a card is (call, extension). The worker uses it to
 * drop a card whose moment has passed together with its closing event; null when the event touches no card.
 */
export function cardExtensionOf(event: CallEvent): string | null {
  return event.type === 'call.finished' ? null : event.extension;
}

function voipEvent(
  name: VoipEventName,
  event: Omit<PartiesInput, 'operator'> & { callId: string; at: string },
  operator: string,
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
