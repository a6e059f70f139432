import type { FastAgiLogger } from './fastagi-logger';

export interface FastAgiServerOptions {
  /** Asterisk's wait budget per session, from the moment the connection is accepted */
  readonly deadlineMs: number;
  /** connections above this are closed at once (Asterisk continues the dialplan with AGISTATUS=FAILURE) */
  readonly maxSessions: number;
  /** after the deadline, how long the handler's last commands may take before the socket is closed */
  readonly graceMs?: number;
  readonly maxLineChars?: number;
  /** Asterisk sends the environment block at once; a peer that does not is dropped after this */
  readonly environmentTimeoutMs?: number;
  readonly logger?: FastAgiLogger;
  /** who may open a session (a remote address); default: anybody */
  readonly allowPeer?: (remoteAddress: string | undefined) => Promise<boolean>;
}

export const FASTAGI_DEFAULTS = {
  graceMs: 1000,
  maxLineChars: 4096,
  environmentTimeoutMs: 2000,
  maxEnvironmentLines: 200,
} as const;
