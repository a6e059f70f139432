export * from './ami-wire';
export * from './channel-table';
export * from './ami-login';
