import { type DynamicModule, type FactoryProvider, Module, type ModuleMetadata } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { MetricsRegistry } from './metrics.registry';
import { OpsEndpoint } from './ops-endpoint';
import { OpsHttpService } from './ops-http.service';

export interface OpsHttpModuleOptions {
  /** the modules whose providers the factory needs (already in the app: Nest reuses them) */
  readonly imports?: ModuleMetadata['imports'];
  readonly inject?: FactoryProvider['inject'];
  /** builds the process's checks and collectors from the injected providers */
  readonly useFactory: (...providers: never[]) => OpsEndpoint;
}

/**
 * The ops endpoint of a process without the API (standalone ingest, worker): liveness, readiness from the process's
 * own checks, and its Prometheus registry. The API serves the same from its HTTP port and does not import this.
 */
@Module({})
export class OpsHttpModule {
  static forRootAsync(options: OpsHttpModuleOptions): DynamicModule {
    return {
      module: OpsHttpModule,
      imports: [ConfigModule, ...(options.imports ?? [])],
      providers: [
        MetricsRegistry,
        {
          provide: OpsEndpoint,
          inject: options.inject ?? [],
          useFactory: options.useFactory as (...providers: unknown[]) => OpsEndpoint,
        },
        OpsHttpService,
      ],
    };
  }
}
