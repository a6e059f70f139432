export * from './queue-names';
export * from './job-payloads';
export * from './job-ids';
export * from './retry-policy';
export * from './redis-connection';
export * from './call-event.producer';
export * from './queue.module';
export * from './elma365-delivery.producer';
