import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AdminBasicAuthGuard } from './admin-basic-auth.guard';
import { ApiKeyGuard } from './api-key.guard';

/** API keys on every route (APP_GUARD); AdminBasicAuthGuard for @AdminOnly() routes. AppConfig comes from ConfigModule. */
@Module({
  providers: [{ provide: APP_GUARD, useClass: ApiKeyGuard }, AdminBasicAuthGuard],
  exports: [AdminBasicAuthGuard],
})
export class AuthModule {}
