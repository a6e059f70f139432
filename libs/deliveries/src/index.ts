export * from './delivery-vocabulary';
export * from './delivery-outcome';
export * from './delivery-retry.policy';
export * from './dead-letter.service';
export * from './delivery-ledger';
export * from './live-delivery.store';
export * from './deliveries.module';
