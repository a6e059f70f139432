export * from './crm-router';
export * from './extension-directory';
export * from './routing-decision';
