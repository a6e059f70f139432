export * from './admin-basic-auth.guard';
export * from './admin-gate';
export * from './api-key-request';
export * from './auth.decorators';
export * from './auth.exception';
export * from './auth.module';
export { apiKeyIdOf } from './secret-digest';
