export * from './crm-router';
export * from './contact-lookup';
export * from './elma365-fields';
export * from './elma365-pub-api.client';
export * from './elma365-pub-api.exception';
export * from './elma365-pub-api.types';
export * from './extension-directory';
export * from './routing-decision';
