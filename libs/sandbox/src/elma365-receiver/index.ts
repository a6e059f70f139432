export * from './checked-webhook-request';
export * from './elma365-webhook-receiver';
export * from './module-ping-answer';
export * from './module-webhook-answers';
export * from './request-text';
export * from './webhook-answer';
