import { AmiFrameParserOptions } from './ami-frame-parser';
import { AmiReconnectOptions, DEFAULT_RECONNECT, ResolvedAmiReconnectOptions } from './ami-reconnect-backoff';

export type AmiAuthType = 'plain' | 'md5';

export interface AmiClientOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  /** `md5`: `Action: Challenge` first, then Login with `Key: md5hex(challenge + secret)` (default `plain`) */
  auth?: AmiAuthType;
  /** the Login's `Events:` value: `on`, `off` or a class list like `call,cdr` (default `on`) */
  events?: string;
  /** TCP connect plus Asterisk's banner (default 10 s) */
  connectTimeoutMs?: number;
  /** default timeout of action(), actionList() and the login (default 10 s) */
  actionTimeoutMs?: number;
  /** a `Ping` this often once logged in; 0 disables (default 20 s) */
  keepaliveIntervalMs?: number;
  /** no reply to the Ping within this: the connection is dropped and re-opened (default 5 s) */
  keepaliveTimeoutMs?: number;
  /** how long stop() waits for the Logoff's Goodbye (default 1 s) */
  logoffTimeoutMs?: number;
  reconnect?: AmiReconnectOptions;
  parser?: AmiFrameParserOptions;
  /** first part of generated ActionIDs (default `ami`) */
  actionIdPrefix?: string;
  /** source of the backoff jitter, in [0, 1) (default Math.random; tests pin it) */
  random?: () => number;
}

export interface ResolvedAmiClientOptions {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly secret: string;
  readonly auth: AmiAuthType;
  readonly events: string;
  readonly connectTimeoutMs: number;
  readonly actionTimeoutMs: number;
  readonly keepaliveIntervalMs: number;
  readonly keepaliveTimeoutMs: number;
  readonly logoffTimeoutMs: number;
  readonly reconnect: ResolvedAmiReconnectOptions;
  readonly parser: AmiFrameParserOptions;
  readonly actionIdPrefix: string;
  readonly random: () => number;
}

export function resolveAmiClientOptions(options: AmiClientOptions): ResolvedAmiClientOptions {
  const resolved: ResolvedAmiClientOptions = {
    host: options.host,
    port: options.port,
    username: options.username,
    secret: options.secret,
    auth: options.auth ?? 'plain',
    events: options.events ?? 'on',
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    actionTimeoutMs: options.actionTimeoutMs ?? 10_000,
    keepaliveIntervalMs: options.keepaliveIntervalMs ?? 20_000,
    keepaliveTimeoutMs: options.keepaliveTimeoutMs ?? 5_000,
    logoffTimeoutMs: options.logoffTimeoutMs ?? 1_000,
    reconnect: { ...DEFAULT_RECONNECT, ...definedOnly(options.reconnect ?? {}) },
    parser: options.parser ?? {},
    actionIdPrefix: options.actionIdPrefix ?? 'ami',
    random: options.random ?? Math.random,
  };
  validate(resolved);
  return resolved;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function validate(o: ResolvedAmiClientOptions): void {
  const problems: string[] = [];
  if (!o.host) problems.push('host is empty');
  if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535) problems.push(`port ${o.port} is not a TCP port`);
  if (!o.username) problems.push('username is empty');
  if (o.auth !== 'plain' && o.auth !== 'md5') problems.push(`auth must be plain or md5`);
  const positive: [string, number][] = [
    ['connectTimeoutMs', o.connectTimeoutMs],
    ['actionTimeoutMs', o.actionTimeoutMs],
    ['keepaliveTimeoutMs', o.keepaliveTimeoutMs],
    ['logoffTimeoutMs', o.logoffTimeoutMs],
    ['reconnect.factor', o.reconnect.factor],
    ['reconnect.maxDelayMs', o.reconnect.maxDelayMs],
  ];
  for (const [name, value] of positive) if (!(value > 0)) problems.push(`${name} must be > 0`);
  if (!(o.keepaliveIntervalMs >= 0)) problems.push('keepaliveIntervalMs must be >= 0');
  if (!(o.reconnect.initialDelayMs >= 0)) problems.push('reconnect.initialDelayMs must be >= 0');
  if (!(o.reconnect.jitterRatio >= 0 && o.reconnect.jitterRatio <= 1)) problems.push('reconnect.jitterRatio: 0..1');
  if (problems.length > 0) throw new Error(`Invalid AMI client options: ${problems.join('; ')}`);
}
