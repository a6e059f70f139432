import { isIP } from 'node:net';
import type { Environment } from './load-config';

/** Known to everybody on purpose: the sandbox listens on 127.0.0.1 only and has nothing to protect. */
export const SANDBOX_API_KEY = 'sandbox-local-api-key';

/** Swagger UI (/docs) and the queue dashboard (/admin/queues) in the sandbox: as public as the key, loopback only. */
export const SANDBOX_ADMIN = { user: 'admin', password: 'sandbox-admin' } as const;

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
 * the simulated PBX, the ELMA365 stand-in, a loopback-only API with the sandbox key unless the admin set others,
 * and the sandbox admin login unless one is set or the API listens beyond loopback (a known password must not).
 */
export function useSandboxEnvironment(sandbox: SandboxEndpoints, env: NodeJS.ProcessEnv = process.env): void {
  env.AMI_URL = sandbox.amiUrl;
  env.ELMA365_WEBHOOK_URL = sandbox.webhookUrl;
  env.ELMA365_WEBHOOK_TOKEN = sandbox.webhookToken;
  env.HTTP_HOST ||= '127.0.0.1';
  env.API_KEYS ||= SANDBOX_API_KEY;
  env.RECORDING_LINK_SECRET ||= 'sandbox-recording-link-secret';
  // The stand-in has no ELMA365 script budget to keep to: cards and the call log show at once.
  env.ELMA365_RATE_LIMIT_PER_MINUTE ||= '0';
  if (!env.ADMIN_USER?.trim() && !env.ADMIN_PASSWORD?.trim() && isLoopback(env.HTTP_HOST)) {
    env.ADMIN_USER = SANDBOX_ADMIN.user;
    env.ADMIN_PASSWORD = SANDBOX_ADMIN.password;
  }
}

/** The admin login the sandbox set, for the start-up log; undefined when the admin's own (or none) is in force. */
export function sandboxAdminLogin(env: Environment = process.env): typeof SANDBOX_ADMIN | undefined {
  return env.ADMIN_USER === SANDBOX_ADMIN.user && env.ADMIN_PASSWORD === SANDBOX_ADMIN.password
    ? SANDBOX_ADMIN
    : undefined;
}

function isLoopback(host: string): boolean {
  const address = host.trim().toLowerCase();
  if (address === 'localhost' || address === '::1') return true;
  return isIP(address) === 4 && address.startsWith('127.');
}
