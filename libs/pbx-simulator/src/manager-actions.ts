import type { AmiBlockHeaders } from './ami-wire';

/** An AMI action as Asterisk registers it: the write classes that allow it (none: every session may send it). */
export interface ManagerAction {
  readonly name: string;
  readonly synopsis: string;
  readonly privilege: readonly string[];
}

/** A part of Asterisk 22's action table, with the classes `ast_manager_register_xml` gives each. */
export const MANAGER_ACTIONS: readonly ManagerAction[] = [
  { name: 'Ping', synopsis: 'Keepalive command.', privilege: [] },
  { name: 'Events', synopsis: 'Control Event Flow.', privilege: [] },
  { name: 'Logoff', synopsis: 'Logoff Manager.', privilege: [] },
  { name: 'Login', synopsis: 'Login Manager.', privilege: [] },
  { name: 'Challenge', synopsis: 'Generate Challenge for MD5 Auth.', privilege: [] },
  { name: 'ListCommands', synopsis: 'List available manager commands.', privilege: [] },
  { name: 'WaitEvent', synopsis: 'Wait for an event to occur.', privilege: [] },
  { name: 'QueueStatus', synopsis: 'Show queue status.', privilege: [] },
  { name: 'CoreShowChannels', synopsis: 'List currently active channels.', privilege: ['system', 'reporting'] },
  { name: 'CoreSettings', synopsis: 'Show PBX core settings (version etc).', privilege: ['system', 'reporting'] },
  { name: 'CoreStatus', synopsis: 'Show PBX core status variables.', privilege: ['system', 'reporting'] },
  { name: 'Status', synopsis: 'List channel status.', privilege: ['system', 'call', 'reporting'] },
  { name: 'DeviceStateList', synopsis: 'List the current known device states.', privilege: ['call', 'reporting'] },
  { name: 'Getvar', synopsis: 'Gets a channel variable or function value.', privilege: ['call', 'reporting'] },
  { name: 'Setvar', synopsis: 'Sets a channel variable or function value.', privilege: ['call'] },
  { name: 'Redirect', synopsis: 'Redirect (transfer) a call.', privilege: ['call'] },
  { name: 'Hangup', synopsis: 'Hangup channel.', privilege: ['system', 'call'] },
  { name: 'Originate', synopsis: 'Originate a call.', privilege: ['originate'] },
  { name: 'PJSIPShowEndpoints', synopsis: 'Lists PJSIP endpoints.', privilege: ['system'] },
  { name: 'PJSIPShowEndpoint', synopsis: 'Detail listing of an endpoint and its objects.', privilege: ['system'] },
  { name: 'ModuleLoad', synopsis: 'Module management.', privilege: ['system'] },
  { name: 'ModuleCheck', synopsis: 'Check if module is loaded.', privilege: ['system'] },
  { name: 'Reload', synopsis: 'Send a reload event.', privilege: ['system', 'config'] },
  { name: 'GetConfig', synopsis: 'Retrieve configuration.', privilege: ['system', 'config'] },
  { name: 'UpdateConfig', synopsis: 'Update basic configuration.', privilege: ['config'] },
  { name: 'Command', synopsis: 'Execute Asterisk CLI Command.', privilege: ['command'] },
  { name: 'QueueAdd', synopsis: 'Add interface to queue.', privilege: ['agent'] },
  { name: 'UserEvent', synopsis: 'Send an arbitrary event.', privilege: ['user'] },
  { name: 'AGI', synopsis: 'Add an AGI command to execute by Async AGI.', privilege: ['agi'] },
];

/** The write classes of the kit's (docker/asterisk/manager.conf) user that reads events and lists endpoints. */
export const KIT_EVENTS_WRITE_CLASSES: readonly string[] = ['system', 'reporting'];
/** …and of its click-to-call user: without `system`, Asterisk refuses an Originate of System or Exec. */
export const KIT_ORIGINATE_WRITE_CLASSES: readonly string[] = ['originate'];

/** Whether a user with these write classes may send the action (unknown actions: left to the caller). */
export function mayInvoke(writeClasses: readonly string[], actionName: string): boolean {
  const action = MANAGER_ACTIONS.find((a) => a.name.toLowerCase() === actionName.toLowerCase());
  return action === undefined || allows(new Set(writeClasses.map((c) => c.toLowerCase())), action);
}

function allows(granted: ReadonlySet<string>, action: ManagerAction): boolean {
  return action.privilege.length === 0 || granted.has('all') || action.privilege.some((c) => granted.has(c));
}

/**
 * The headers of Asterisk's `ListCommands` answer after `Response`/`ActionID`: one `Name: synopsis (Priv: …)` per
 * action the session's write classes allow (`all` allows every one), as `action_listcommands` writes them.
 */
export function listCommandsHeaders(writeClasses: readonly string[]): AmiBlockHeaders {
  const granted = new Set(writeClasses.map((c) => c.toLowerCase()));
  return MANAGER_ACTIONS.filter((action) => allows(granted, action)).map((action) => [
    action.name,
    `${action.synopsis} (Priv: ${action.privilege.length === 0 ? '<none>' : [...action.privilege, 'all'].join(',')})`,
  ]);
}
