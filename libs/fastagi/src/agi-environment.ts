/**
 * The variables Asterisk sends when an AGI session starts (`agi_request: agi://host:4573/route` ...), keys
 * without the `agi_` prefix. Only the ones the connector uses are named; `raw` keeps every line.
 */
export interface AgiEnvironment {
  /** the script path from the AGI URL without leading slashes or query: `route` for `agi://host:4573/route?x=1` */
  readonly script: string;
  readonly request: string;
  readonly channel: string;
  readonly uniqueId: string;
  readonly callerId: string;
  readonly callerIdName: string;
  readonly extension: string;
  readonly context: string;
  /** `agi_arg_1..n` in order: `AGI(agi://host/route,a,b)` gives `['a', 'b']` */
  readonly arguments: readonly string[];
  readonly raw: Readonly<Record<string, string>>;
}

const LINE = /^agi_([a-z0-9_]+):\s?(.*)$/i;

/** One `agi_name: value` line as `[name, value]`; undefined for anything else. */
export function parseAgiEnvironmentLine(line: string): readonly [string, string] | undefined {
  const match = LINE.exec(line);
  if (!match) return undefined;
  return [match[1].toLowerCase(), match[2]];
}

export function buildAgiEnvironment(raw: Readonly<Record<string, string>>): AgiEnvironment {
  const value = (name: string): string => raw[name] ?? '';
  return {
    script: scriptPath(raw['network_script'] ?? raw['request'] ?? ''),
    request: value('request'),
    channel: value('channel'),
    uniqueId: value('uniqueid'),
    callerId: value('callerid'),
    callerIdName: value('calleridname'),
    extension: value('extension'),
    context: value('context'),
    arguments: argumentsOf(raw),
    raw,
  };
}

/** Accepts `agi_network_script` (`route?x`) and, failing it, the whole `agi_request` URL. */
function scriptPath(source: string): string {
  const withoutUrl = source.replace(/^agi:\/\/[^/]*/i, '');
  return withoutUrl.replace(/[?#].*$/, '').replace(/^\/+|\/+$/g, '');
}

function argumentsOf(raw: Readonly<Record<string, string>>): string[] {
  const args: string[] = [];
  for (let index = 1; raw[`arg_${index}`] !== undefined; index++) args.push(raw[`arg_${index}`]);
  return args;
}
