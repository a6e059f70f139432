import { type DiagnosticCheck, failed, passed } from './diagnostic-check';

/** Read classes the call tracker needs: channel/dial/bridge events, and VarSet (MixMonitor file, DIALSTATUS). */
export const REQUIRED_EVENT_CLASSES = ['call', 'dialplan'] as const;
/** Queue events (QueueCallerJoin/Leave/Abandon, AgentConnect): only a PBX with queues sends them. */
export const QUEUE_EVENT_CLASS = 'agent';

/** `Privilege: call,all` → `['call']`; `all` says nothing about the session's rights. */
export function eventClassesOf(privilege: string | undefined): string[] {
  if (privilege === undefined) return [];
  return privilege
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => /^[a-z]{1,20}$/.test(c) && c !== 'all');
}

/** What the ingest recorded for one PBX: its last login and, per event class, when it last saw one (ms). */
export interface SeenEventClasses {
  readonly lastLoginMs: number | null;
  readonly classes: ReadonlyMap<string, number>;
}

export interface EventClassesInput {
  readonly pbxId: string;
  readonly username: string;
  readonly seen: SeenEventClasses;
  readonly nowMs: number;
}

/**
 * No AMI action tells a session's read classes; the events do, each with its `Privilege:`. So the ingest records
 * which classes arrived since its last login, and the doctor judges that.
 */
export function judgeEventClasses({ pbxId, username, seen, nowMs }: EventClassesInput): DiagnosticCheck {
  const heading = { id: 'ami.events', scope: pbxId, title: 'AMI call events arrive (read rights)' };
  const fixRights =
    `set read = call,agent,dialplan in the [${username}] section of manager.conf on PBX '${pbxId}', ` +
    `"manager reload", then make a test call and run the doctor again`;
  if (seen.lastLoginMs === null) {
    return failed(
      heading,
      'the ingest has not recorded a login to this PBX: it is not running, or cannot reach Redis or the PBX',
      'start the connector (ingest) and check its log for "AMI login refused", then run the doctor again',
    );
  }
  const since = seen.lastLoginMs;
  const fresh = [...seen.classes]
    .filter(([, atMs]) => atMs >= since)
    .map(([name]) => name)
    .sort();
  const missing = REQUIRED_EVENT_CLASSES.filter((name) => !fresh.includes(name));
  const loginAgo = `the ingest logged in ${ago(nowMs - since)}`;
  const seenText = fresh.length === 0 ? 'no events' : `events of ${fresh.join(', ')}`;
  const queues = fresh.includes(QUEUE_EVENT_CLASS)
    ? ''
    : '; no agent (queue) events yet: fine without queues, else add agent to read =';
  if (missing.length === 0) return passed(heading, `${seenText} since ${loginAgo}${queues}`);
  if (fresh.length === 0) {
    return failed(
      heading,
      `no events since ${loginAgo}: no call was made since, or the AMI user may not read call events`,
      `make a test call and run the doctor again; if it still fails: ${fixRights}`,
    );
  }
  return failed(heading, `${seenText} since ${loginAgo}, but none of: ${missing.join(', ')}`, fixRights);
}

function ago(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`;
}
