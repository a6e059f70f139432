export * from './api-error';
export * from './api-error-code';
export * from './api-exception-with-headers';
export * from './configure-http-app';
