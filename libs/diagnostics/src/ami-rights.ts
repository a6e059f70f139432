import type { AmiMessage } from '@app/ami';
import { type DiagnosticCheck, failed, passed } from './diagnostic-check';

/** Headers of a ListCommands answer that are not actions. */
const NOT_ACTIONS = new Set(['response', 'actionid', 'message', 'eventlist']);

/**
 * The actions a session may send, from Asterisk's `ListCommands` answer (`Originate: Originate a call. (Priv:
 * originate,all)`, one header per action): Asterisk lists only the actions the session's write classes allow, so the
 * answer shows the rights without trying any of them. Keys are lower-cased action names; values their classes.
 */
export function listedActions(response: AmiMessage): Map<string, readonly string[]> {
  const actions = new Map<string, readonly string[]>();
  for (const [name, value] of response.headers) {
    const key = name.trim().toLowerCase();
    if (NOT_ACTIONS.has(key)) continue;
    const privilege = /\(Priv: ([^)]*)\)\s*$/.exec(value)?.[1] ?? '';
    actions.set(
      key,
      privilege
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c !== '' && c !== 'all' && c !== '<none>'),
    );
  }
  return actions;
}

/**
 * What a user is for. `events`: AMI_URL's user when click-to-call has its own (AMI_ORIGINATE_URL); `originate`: that
 * user; `both`: AMI_URL's user doing everything (no AMI_ORIGINATE_URL).
 */
export type AmiUserRole = 'events' | 'originate' | 'both';

export interface AmiRightsInput {
  readonly pbxId: string;
  readonly username: string;
  readonly actions: ReadonlyMap<string, readonly string[]>;
  readonly role?: AmiUserRole;
}

/** The kit's users: one lists channels and endpoints, one only originates. */
const KIT_EVENTS_WRITE = 'write = system,reporting';
const KIT_ORIGINATE_WRITE = 'write = originate';

/**
 * Rights the connector needs for this user's role, and rights it must not have: `command`/`config`, and `system`
 * together with `originate` — with both, Originate may start the System application (shell commands on the PBX);
 * without `system`, Asterisk refuses an Originate of System, Exec and the like.
 */
export function judgeAmiRights({ pbxId, username, actions, role = 'both' }: AmiRightsInput): DiagnosticCheck[] {
  const has = (action: string): boolean => actions.has(action.toLowerCase());
  // ModuleLoad, PJSIPShowEndpoints…: an action Asterisk allows with `system` alone is listed only when it is granted
  const system = [...actions.values()].some((classes) => classes.length === 1 && classes[0] === 'system');
  const originates = has('Originate');
  const where = `the [${username}] section of manager.conf on PBX '${pbxId}'`;
  const checks: DiagnosticCheck[] = [];

  if (role !== 'originate') checks.push(listingCheck(pbxId, where, has));
  if (role !== 'events') checks.push(originateCheck(pbxId, username, where, originates));

  const heading = {
    id: role === 'originate' ? 'ami.rights.originate-least-privilege' : 'ami.rights.least-privilege',
    scope: pbxId,
    title: `AMI rights of ${username}: nothing the connector does not use`,
  };
  const excess = [
    has('Command') ? 'command (Command runs any CLI command)' : null,
    has('UpdateConfig') ? 'config (UpdateConfig rewrites configuration files)' : null,
    system && originates
      ? 'system together with originate (Originate Application: System runs shell commands on the PBX)'
      : null,
    role === 'events' && originates ? 'originate (click-to-call uses the AMI_ORIGINATE_URL user)' : null,
  ].filter((e): e is string => e !== null);
  if (excess.length === 0) {
    checks.push(
      passed(heading, system ? 'no command, config or originate rights' : 'no command, config or system rights'),
    );
    return checks;
  }
  const kit =
    role === 'events'
      ? `${KIT_EVENTS_WRITE} in ${where}`
      : role === 'originate'
        ? `${KIT_ORIGINATE_WRITE} in ${where}`
        : `two users, as docker/asterisk/manager.conf does: this one ${KIT_EVENTS_WRITE} (AMI_URL), one more with ` +
          `${KIT_ORIGINATE_WRITE} for click-to-call (AMI_ORIGINATE_URL)`;
  checks.push(
    failed(heading, `more rights than the connector uses: ${excess.join('; ')}`, `set ${kit}, then "manager reload"`),
  );
  return checks;
}

function listingCheck(pbxId: string, where: string, has: (action: string) => boolean): DiagnosticCheck {
  const heading = { id: 'ami.rights.list', scope: pbxId, title: 'AMI rights: list channels and endpoints' };
  const missing = [
    has('CoreShowChannels') ? null : 'CoreShowChannels (write = reporting)',
    has('PJSIPShowEndpoints') || has('SIPpeers') ? null : 'PJSIPShowEndpoints/SIPpeers (write = system)',
  ].filter((m): m is string => m !== null);
  return missing.length === 0
    ? passed(heading, 'CoreShowChannels and the endpoint list are allowed')
    : failed(
        heading,
        `not allowed: ${missing.join(', ')} — calls up at a reconnect are missed, GET /api/v1/extensions (ELMA365 "Настроить") is empty`,
        `add the missing classes to write = in ${where} (${KIT_EVENTS_WRITE}), then "manager reload"`,
      );
}

function originateCheck(pbxId: string, username: string, where: string, originates: boolean): DiagnosticCheck {
  const heading = {
    id: 'ami.rights.originate',
    scope: pbxId,
    title: `AMI rights: originate (click-to-call) as ${username}`,
  };
  return originates
    ? passed(heading, 'Originate is allowed')
    : failed(
        heading,
        'Originate is not allowed: click-to-call from ELMA365 fails',
        `add originate to write = in ${where} (${KIT_ORIGINATE_WRITE}), then "manager reload"`,
      );
}
