export * from './call-record';
export * from './call-event';
export * from './call-tracker';
export * from './call-tracker.options';
export * from './tracker-state';
export * from './phone-number';
export * from './channel-name';
export * from './transcript-replayer';
