export * from './logging.module';
export * from './pino-http-options';
export * from './pino-level';
export * from './request-serializer';
export * from './standalone-app.bootstrap';
export * from './shutdown-deadline';
export * from './log-format';
