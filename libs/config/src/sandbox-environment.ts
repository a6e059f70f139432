import type { Environment } from './load-config';

/** Known to everybody on purpose: the sandbox listens on 127.0.0.1 only and has nothing to protect. */
export const SANDBOX_API_KEY = 'sandbox-local-api-key';

export interface SandboxEndpoints {
  readonly amiUrl: string;
  readonly webhookUrl: string;
  readonly webhookToken: string;
}

/** `npm start` with neither a PBX nor ELMA365 configured runs the sandbox (SANDBOX=off refuses it). */
export function sandboxRequested(env: Environment = process.env): boolean {
  const unset = (name: string): boolean => !env[name]?.trim();
  return unset('AMI_URL') && unset('ELMA365_WEBHOOK_URL') && env.SANDBOX?.trim().toLowerCase() !== 'off';
}

/** Where the sandbox reads the recorded calls; undefined: next to the repository (../shared/ami-traces). */
export function sandboxTracesDir(env: Environment = process.env): string | undefined {
  return env.SANDBOX_TRACES_DIR?.trim() || undefined;
}

/**
 * Points the configuration at the sandbox before it is loaded (this lib is the one that owns the environment):
 * the simulated PBX, the ELMA365 stand-in, a loopback-only API with the sandbox key unless the admin set others.
 */
export function useSandboxEnvironment(sandbox: SandboxEndpoints, env: NodeJS.ProcessEnv = process.env): void {
  env.AMI_URL = sandbox.amiUrl;
  env.ELMA365_WEBHOOK_URL = sandbox.webhookUrl;
  env.ELMA365_WEBHOOK_TOKEN = sandbox.webhookToken;
  env.HTTP_HOST ||= '127.0.0.1';
  env.API_KEYS ||= SANDBOX_API_KEY;
  env.RECORDING_LINK_SECRET ||= 'sandbox-recording-link-secret';
}
