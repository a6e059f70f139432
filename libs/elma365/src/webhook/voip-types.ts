/** ELMA365's `VoipWebhookRequest.event` values. */
export const VOIP_EVENT_NAMES = ['NotifyStart', 'NotifyAnswer', 'NotifyEnd'] as const;
export type VoipEventName = (typeof VOIP_EVENT_NAMES)[number];

export const VOIP_DIRECTIONS = ['in', 'out', 'internal'] as const;
export type VoipDirection = (typeof VOIP_DIRECTIONS)[number];

export const VOIP_DISPOSITIONS = ['Answered', 'Busy', 'Cancel', 'NoAnswer', 'Unknown'] as const;
export type VoipDisposition = (typeof VOIP_DISPOSITIONS)[number];
