import { Logger, Module } from '@nestjs/common';
import { AppConfig, ConfigModule, FastAgiConfig } from '@app/config';
import { CrmRouter } from '@app/crm-routing';
import { CrmRouteHandler } from './crm-route.handler';
import { FastAgiService } from './fastagi.service';
import { PubApiBudget } from './pub-api-budget';

/**
 * FastAGI call routing from ELMA365 (`AGI(agi://connector:4573/route)`). Idle unless FASTAGI_ENABLED.
 * FastAgiConfig comes from AppConfig.fastAgi; tests may override it alone.
 */
@Module({
  imports: [ConfigModule],
  providers: [
    { provide: FastAgiConfig, inject: [AppConfig], useFactory: (config: AppConfig): FastAgiConfig => config.fastAgi },
    PubApiBudget,
    {
      provide: CrmRouter,
      inject: [FastAgiConfig, AppConfig, PubApiBudget],
      useFactory: (fastAgi: FastAgiConfig, app: AppConfig, budget: PubApiBudget): CrmRouter =>
        new CrmRouter(fastAgi.crm, app.phone.defaultRegion, {
          extensionPattern: app.endpoints.internalExtensionPattern,
          logger: new Logger('CrmRouting'),
          beforeRequest: () => budget.take(),
        }),
    },
    CrmRouteHandler,
    FastAgiService,
  ],
  exports: [FastAgiService],
})
export class FastAgiModule {}
