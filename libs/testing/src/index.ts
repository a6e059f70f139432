export * from './ami-trace';
export * from './ami-wire';
export * from './ami-test-server';
export * from './recording-logger';
export * from './wait-for';
export * from './elma365-stub';
export * from './elma365-pub-api.stub';
