import { Logger } from '@nestjs/common';
import {
  exitOnBootFailure,
  processEnvironment,
  refuseSandboxBeyondLoopback,
  SANDBOX_API_KEY,
  sandboxAdminLogin,
  sandboxEnvironment,
  sandboxRequested,
  sandboxTracesDir,
} from '@app/config';
import { startSandbox } from '@app/sandbox';
import { bootstrapHttpApp } from '../../api/src/http-app.bootstrap';
import { AllModule } from './all.module';

/** The small-office default: ingest, worker and API in one process; the sandbox when nothing is configured. */
async function main(): Promise<void> {
  const env = processEnvironment();
  if (!sandboxRequested(env)) {
    await bootstrapHttpApp(AllModule.withEnvironment(), 'AllApp');
    return;
  }
  refuseSandboxBeyondLoopback(env);
  const sandbox = await startSandbox({ tracesDir: sandboxTracesDir(env) });
  const sandboxEnv = sandboxEnvironment(sandbox, env);
  const app = await bootstrapHttpApp(AllModule.withEnvironment(sandboxEnv), 'AllApp');
  const logger = new Logger('Sandbox');
  logger.log(`No PBX or ELMA365 configured: a simulated Asterisk plays recorded calls into the connector.`);
  logger.log(`What ELMA365 would receive: ${sandbox.pageUrl}`);
  const url = await app.getUrl();
  logger.log(`API: ${url}/api/v1/calls with "Authorization: Bearer ${SANDBOX_API_KEY}"`);
  const admin = sandboxAdminLogin(sandboxEnv);
  if (admin)
    logger.log(
      `Swagger UI: ${url}/docs, queue dashboard: ${url}/admin/queues (login ${admin.user} / ${admin.password})`,
    );
}

main().catch(exitOnBootFailure);
