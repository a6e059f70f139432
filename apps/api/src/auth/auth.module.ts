import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig } from '@app/config';
import { AdminBasicAuthGuard } from './admin-basic-auth.guard';
import { AdminGate } from './admin-gate';
import { ApiKeyGuard } from './api-key.guard';

/**
 * API keys on every route (APP_GUARD); the one AdminGate of the admin pages, for @AdminOnly() routes
 * (AdminBasicAuthGuard) and for pages mounted outside Nest. AppConfig comes from ConfigModule.
 */
@Module({
  providers: [
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: AdminGate, inject: [AppConfig], useFactory: (config: AppConfig) => new AdminGate(config) },
    AdminBasicAuthGuard,
  ],
  exports: [AdminBasicAuthGuard, AdminGate],
})
export class AuthModule {}
