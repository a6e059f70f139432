import type { AmiSessions } from './ami-session-view';

/** Long enough for a busy Redis or PostgreSQL, short enough for an orchestrator's probe timeout. */
export const READINESS_CHECK_TIMEOUT_MS = 2000;

export interface ComponentHealth {
  readonly status: 'up' | 'down';
  /** what the component says beyond up/down: `office: 'connected'`, or `error: '…'` */
  readonly details: Readonly<Record<string, string>>;
}

/** One thing a process needs to do its work, asked on every /health/ready. */
export interface ReadinessCheck {
  readonly component: string;
  /** never down: listed (as up) only while it has something to say, e.g. a warning */
  readonly advisory?: boolean;
  /** the same answer whichever module adds it (a ping of a store the process shares): asked once per process */
  readonly shared?: boolean;
  check(): Promise<ComponentHealth>;
}

/**
 * The ELMA365 request budget: up with a `warning` while it has stayed saturated (the process can work, but cards
 * wait or are dropped), unlisted otherwise. `read` gives the warning or null.
 */
export function budgetWarningCheck(
  read: () => Promise<string | null>,
  timeoutMs = READINESS_CHECK_TIMEOUT_MS,
): ReadinessCheck {
  return warningCheck('elma365Budget', read, timeoutMs);
}

/** Something the process works without but an operator must hear of: up with a `warning`, unlisted while none. */
export function warningCheck(
  component: string,
  read: () => Promise<string | null>,
  timeoutMs = READINESS_CHECK_TIMEOUT_MS,
): ReadinessCheck {
  return {
    component,
    advisory: true,
    async check(): Promise<ComponentHealth> {
      try {
        const warning = await withTimeout(read(), timeoutMs);
        return { status: 'up', details: warning === null ? {} : { warning } };
      } catch (error) {
        // A store being away is its own check's finding; this one only says it could not tell.
        return { status: 'up', details: { unknown: error instanceof Error ? error.message : String(error) } };
      }
    },
  };
}

/** Up when `ping` settles within the timeout: a round trip through the connection the process itself uses. */
export function pingCheck(
  component: string,
  ping: () => Promise<unknown>,
  timeoutMs = READINESS_CHECK_TIMEOUT_MS,
): ReadinessCheck {
  return {
    component,
    shared: true,
    async check(): Promise<ComponentHealth> {
      try {
        await withTimeout(ping(), timeoutMs);
        return { status: 'up', details: {} };
      } catch (error) {
        // The failure is the answer: a probe reports it, the process keeps running.
        return { status: 'down', details: { error: error instanceof Error ? error.message : String(error) } };
      }
    },
  };
}

/** Up while every PBX's AMI session is logged in (no PBX configured: nothing to wait for). */
export function amiSessionsCheck(sessions: AmiSessions): ReadinessCheck {
  return {
    component: 'ami',
    check(): Promise<ComponentHealth> {
      const all = sessions();
      const details = Object.fromEntries(all.map((s) => [s.pbx.pbxId, s.connected ? 'connected' : 'disconnected']));
      return Promise.resolve({ status: all.every((s) => s.connected) ? 'up' : 'down', details });
    },
  };
}

/** `task`, or an error when it does not settle within `timeoutMs` (a probe must answer even when a store hangs). */
export async function withTimeout<T>(task: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([task, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
