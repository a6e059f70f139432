/** The deliveries-table target name of the ELMA365 telephony webhook. */
export const ELMA365_WEBHOOK_TARGET = 'elma365-webhook';
