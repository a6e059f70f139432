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

export interface AmiRightsInput {
  readonly pbxId: string;
  readonly username: string;
  readonly actions: ReadonlyMap<string, readonly string[]>;
}

/** Rights the connector needs (list channels and endpoints, originate) and rights it must not have. */
export function judgeAmiRights({ pbxId, username, actions }: AmiRightsInput): DiagnosticCheck[] {
  const has = (action: string): boolean => actions.has(action.toLowerCase());
  const where = `the [${username}] section of manager.conf on PBX '${pbxId}'`;
  const checks: DiagnosticCheck[] = [];

  const listing = { id: 'ami.rights.list', scope: pbxId, title: 'AMI rights: list channels and endpoints' };
  const missing = [
    has('CoreShowChannels') ? null : 'CoreShowChannels (write = reporting)',
    has('PJSIPShowEndpoints') || has('SIPpeers') ? null : 'PJSIPShowEndpoints/SIPpeers (write = system)',
  ].filter((m): m is string => m !== null);
  checks.push(
    missing.length === 0
      ? passed(listing, 'CoreShowChannels and the endpoint list are allowed')
      : failed(
          listing,
          `not allowed: ${missing.join(', ')} — calls up at a reconnect are missed, GET /api/v1/extensions (ELMA365 "Настроить") is empty`,
          `add the missing classes to write = in ${where} (write = system,reporting,originate), then "manager reload"`,
        ),
  );

  const originate = { id: 'ami.rights.originate', scope: pbxId, title: 'AMI rights: originate (click-to-call)' };
  checks.push(
    has('Originate')
      ? passed(originate, 'Originate is allowed')
      : failed(
          originate,
          'Originate is not allowed: click-to-call from ELMA365 fails',
          `add originate to write = in ${where}, then "manager reload"`,
        ),
  );

  const least = {
    id: 'ami.rights.least-privilege',
    scope: pbxId,
    title: 'AMI rights: nothing the connector does not use',
  };
  const excess = [
    has('Command') ? 'command (Command runs any CLI command)' : null,
    has('UpdateConfig') ? 'config (UpdateConfig rewrites configuration files)' : null,
  ].filter((e): e is string => e !== null);
  checks.push(
    excess.length === 0
      ? passed(
          least,
          has('ModuleLoad')
            ? 'no command or config rights; system (needed for the endpoint list) also lets Originate run System(): ' +
                'keep deny/permit to the connector’s address only'
            : 'no command, config or system rights',
        )
      : failed(
          least,
          `more rights than the connector uses: ${excess.join('; ')} — with originate, a leaked AMI secret runs shell commands on the PBX`,
          `set write = system,reporting,originate in ${where} (no command, config or all), then "manager reload"`,
        ),
  );
  return checks;
}
