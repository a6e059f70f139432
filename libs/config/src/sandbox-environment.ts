import { isIP } from 'node:net';
import { ConfigException } from './config.exception';
import type { Environment } from './config-section';
import { processEnvironment } from './load-config';

/** Known to everybody on purpose: the sandbox listens on 127.0.0.1 only and has nothing to protect. */
export const SANDBOX_API_KEY = 'sandbox-local-api-key';

/** Swagger UI (/docs) and the queue dashboard (/admin/queues) in the sandbox: as public as the key, loopback only. */
export const SANDBOX_ADMIN = { user: 'admin', password: 'sandbox-admin' } as const;

export interface SandboxEndpoints {
  readonly amiUrl: string;
  readonly amiOriginateUrl: string;
  readonly webhookUrl: string;
  readonly webhookToken: string;
}

/** `npm start` with neither a PBX nor ELMA365 configured runs the sandbox (SANDBOX=off refuses it). */
export function sandboxRequested(env: Environment = processEnvironment()): boolean {
  const unset = (name: string): boolean => !env[name]?.trim();
  return unset('AMI_URL') && unset('ELMA365_WEBHOOK_URL') && env.SANDBOX?.trim().toLowerCase() !== 'off';
}

/** Where the sandbox reads the recorded calls; undefined: the repository's (fixtures/ami-traces). */
export function sandboxTracesDir(env: Environment = processEnvironment()): string | undefined {
  return env.SANDBOX_TRACES_DIR?.trim() || undefined;
}

/**
 * The environment pointed at the sandbox (a copy: the process environment is never written): the simulated PBX, the
 * ELMA365 stand-in, a loopback-only API with the sandbox key unless the admin set others, and the sandbox admin login
 * unless one is set. The all-in-one app loads its configuration from it (ConfigEnvironmentModule).
 * @throws ConfigException when HTTP_HOST is set to anything but loopback
 */
export function sandboxEnvironment(sandbox: SandboxEndpoints, env: Environment = processEnvironment()): Environment {
  refuseSandboxBeyondLoopback(env);
  const orDefault = (name: string, fallback: string): string => env[name]?.trim() || fallback;
  const ownAdmin = Boolean(env.ADMIN_USER?.trim() || env.ADMIN_PASSWORD?.trim());
  return {
    ...env,
    AMI_URL: sandbox.amiUrl,
    AMI_ORIGINATE_URL: sandbox.amiOriginateUrl,
    ELMA365_WEBHOOK_URL: sandbox.webhookUrl,
    ELMA365_WEBHOOK_TOKEN: sandbox.webhookToken,
    HTTP_HOST: orDefault('HTTP_HOST', '127.0.0.1'),
    API_KEYS: orDefault('API_KEYS', SANDBOX_API_KEY),
    RECORDING_LINK_SECRET: orDefault('RECORDING_LINK_SECRET', 'sandbox-recording-link-secret'),
    // The stand-in has no ELMA365 script budget to keep to: cards and the call log show at once.
    ELMA365_RATE_LIMIT_PER_MINUTE: orDefault('ELMA365_RATE_LIMIT_PER_MINUTE', '0'),
    ...(ownAdmin ? {} : { ADMIN_USER: SANDBOX_ADMIN.user, ADMIN_PASSWORD: SANDBOX_ADMIN.password }),
  };
}

/**
 * The sandbox serves a key and an admin password everybody knows (docs/getting-started.md prints them): on any interface but
 * loopback anyone who reaches the port could read the calls and queue deliveries. Called before anything starts.
 * @throws ConfigException naming HTTP_HOST and the ways out
 */
export function refuseSandboxBeyondLoopback(env: Environment = processEnvironment()): void {
  const host = env.HTTP_HOST?.trim();
  if (!host || isLoopback(host)) return;
  throw new ConfigException([
    {
      variable: 'HTTP_HOST',
      message:
        `HTTP_HOST=${host}: nothing is configured (no AMI_URL, no ELMA365 webhook), so this would be the sandbox, ` +
        `whose API key and admin login are published; it listens on loopback only. Unset HTTP_HOST (the sandbox ` +
        `uses 127.0.0.1), or configure AMI_URL and ELMA365_WEBHOOK_URL (see .env.example) to run the connector.`,
    },
  ]);
}

/** The admin login the sandbox set, for the start-up log; undefined when the admin's own (or none) is in force. */
export function sandboxAdminLogin(env: Environment = processEnvironment()): typeof SANDBOX_ADMIN | undefined {
  return env.ADMIN_USER === SANDBOX_ADMIN.user && env.ADMIN_PASSWORD === SANDBOX_ADMIN.password
    ? SANDBOX_ADMIN
    : undefined;
}

function isLoopback(host: string): boolean {
  const address = host.trim().toLowerCase();
  if (address === 'localhost' || address === '::1') return true;
  return isIP(address) === 4 && address.startsWith('127.');
}
