/** live: best effort, skipped once stale (cards); record: retried until it arrives or is dead-lettered. */
export type DeliveryKind = 'live' | 'record';

/** Where a delivery goes: the telephony module's webhook, or ELMA365's /pub/v1 API (generic mode). */
export const DeliveryTarget = {
  Elma365Webhook: 'elma365-webhook',
  Elma365Generic: 'elma365-generic',
} as const;

export type DeliveryTarget = (typeof DeliveryTarget)[keyof typeof DeliveryTarget];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'skipped', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
