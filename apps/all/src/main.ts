import { Logger } from '@nestjs/common';
import {
  exitOnBootFailure,
  refuseSandboxBeyondLoopback,
  SANDBOX_API_KEY,
  sandboxAdminLogin,
  sandboxRequested,
  sandboxTracesDir,
  useSandboxEnvironment,
} from '@app/config';
import { startSandbox } from '@app/sandbox';
import { bootstrapHttpApp } from '../../api/src/http-app.bootstrap';
import { AllModule } from './all.module';

/** The small-office default: ingest, worker and API in one process; the sandbox when nothing is configured. */
async function main(): Promise<void> {
  if (sandboxRequested()) refuseSandboxBeyondLoopback();
  const sandbox = sandboxRequested() ? await startSandbox({ tracesDir: sandboxTracesDir() }) : undefined;
  if (sandbox) useSandboxEnvironment(sandbox);
  const app = await bootstrapHttpApp(AllModule, 'AllApp');
  if (!sandbox) return;
  const logger = new Logger('Sandbox');
  logger.log(`No PBX or ELMA365 configured: a simulated Asterisk plays recorded calls into the connector.`);
  logger.log(`What ELMA365 would receive: ${sandbox.pageUrl}`);
  const url = await app.getUrl();
  logger.log(`API: ${url}/api/v1/calls with "Authorization: Bearer ${SANDBOX_API_KEY}"`);
  const admin = sandboxAdminLogin();
  if (admin)
    logger.log(
      `Swagger UI: ${url}/docs, queue dashboard: ${url}/admin/queues (login ${admin.user} / ${admin.password})`,
    );
}

main().catch(exitOnBootFailure);
