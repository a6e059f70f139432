export * from './call-placeholders';
export * from './field-template';
export * from './generic-call-sync';
export * from './generic-mode.settings';
export * from './generic-mode-settings.exception';
export * from './generic-sync-result';
export { Elma365PubApiException, type Elma365PubApiClassification } from '@app/elma365';
