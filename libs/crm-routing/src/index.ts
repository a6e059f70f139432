export * from './crm-router';
export * from './contact-lookup';
export * from './elma365-fields';
export * from './extension-directory';
export * from './routing-decision';
