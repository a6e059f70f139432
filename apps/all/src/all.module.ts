import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigEnvironmentModule, type Environment } from '@app/config';
import { ApiModule } from '../../api/src/api.module';
import { IngestModule } from '../../ingest/src/ingest.module';
import { WorkerModule } from '../../worker/src/worker.module';

@Module({})
export class AllModule {
  /** @param env the environment to configure from (the sandbox's); the process's own when absent */
  static withEnvironment(env?: Environment): DynamicModule {
    return {
      module: AllModule,
      imports: [...(env ? [ConfigEnvironmentModule.of(env)] : []), IngestModule, WorkerModule, ApiModule],
    };
  }
}
