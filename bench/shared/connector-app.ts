import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { ensureBuilt, requireBuilt } from './dist';

type ConfigLib = typeof import('../../libs/config/src');
type QueueLib = typeof import('../../libs/queue/src');
type WorkerModuleFile = typeof import('../../apps/worker/src/worker.module');
type IngestModuleFile = typeof import('../../apps/ingest/src/ingest.module');

export interface ConnectorAppOptions {
  readonly root: string;
  readonly ingest: boolean;
  /** the environment, as the process would get it (validated by the app's own loadConfig) */
  readonly env: Record<string, string>;
  readonly progress: (line: string) => void;
}

/**
 * The worker (and the ingest) of the build in this process, as test/support/delivery-harness.ts starts them from
 * the sources: one Nest context, the configuration from `env`, logs off, queues emptied first.
 */
export async function startConnectorApp(options: ConnectorAppOptions): Promise<INestApplicationContext> {
  const { root } = options;
  ensureBuilt(root, options.progress);
  const { AppConfig, loadConfig } = requireBuilt<ConfigLib>(root, 'libs/config/src/index.js');
  const { QueueName } = requireBuilt<QueueLib>(root, 'libs/queue/src/index.js');
  const { WorkerModule } = requireBuilt<WorkerModuleFile>(root, 'apps/worker/src/worker.module.js');
  const imports: unknown[] = [WorkerModule];
  if (options.ingest) {
    imports.push(requireBuilt<IngestModuleFile>(root, 'apps/ingest/src/ingest.module.js').IngestModule);
  }
  const moduleRef = await Test.createTestingModule({ imports: imports as never[] })
    .overrideProvider(AppConfig)
    .useValue(loadConfig({ LOG_LEVEL: 'error', ...options.env }))
    .compile();
  moduleRef.useLogger(false);
  for (const name of Object.values(QueueName)) {
    const queue = moduleRef.get<Queue>(getQueueToken(name));
    await queue.obliterate({ force: true });
    await queue.removeGlobalRateLimit();
    await queue.removeRateLimitKey();
  }
  await moduleRef.init();
  return moduleRef;
}
