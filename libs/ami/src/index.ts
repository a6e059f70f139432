export * from './ami-message';
export * from './ami-frame-parser';
export * from './ami-protocol.error';
