export * from './openapi-document';
export * from './swagger-docs';
