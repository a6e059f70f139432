/** Every queue of the connector, named once. */
export const QueueName = {
  /** tracker output: live call events and finished call records, from ingest to the worker */
  CallEvents: 'call-events',
  /** deliveries to the ELMA365 telephony webhook: live cards ahead of call records (priority) */
  Elma365Delivery: 'elma365-delivery',
} as const;

export type QueueName = (typeof QueueName)[keyof typeof QueueName];
