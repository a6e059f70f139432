export type AmiFieldValue = string | number | boolean | readonly (string | number)[];

/**
 * An action's headers in the order they are sent (after `Action` and `ActionID`).
 * An array value sends the header once per element (e.g. several `Variable:`);
 * `undefined` values are left out.
 */
export type AmiActionFields = { readonly Action: string } & {
  readonly [name: string]: AmiFieldValue | undefined;
};

const REDACTED_HEADERS: ReadonlySet<string> = new Set(['secret', 'key']);
const CRLF = '\r\n';

/** CR and LF would end the header or the block, NUL ends a C string in Asterisk: the peer must see exactly one header. */
export function stripLineBreaks(text: string): string {
  return text.replace(/[\r\n\0]/g, '');
}

/** `Action`, then `ActionID`, then the other fields; any ActionID among them is replaced. */
export function actionHeaders(fields: AmiActionFields, actionId: string): [string, string][] {
  const headers: [string, string][] = [
    ['Action', String(fields.Action)],
    ['ActionID', actionId],
  ];
  for (const [name, value] of Object.entries(fields)) {
    const lower = name.toLowerCase();
    if (lower === 'action' || lower === 'actionid' || value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) headers.push([name, String(v)]);
  }
  return headers.map(([name, value]): [string, string] => [stripLineBreaks(name), stripLineBreaks(value)]);
}

export function serializeAction(fields: AmiActionFields, actionId: string): Buffer {
  const lines = actionHeaders(fields, actionId).map(([name, value]) => `${name}: ${value}${CRLF}`);
  return Buffer.from(`${lines.join('')}${CRLF}`, 'utf8');
}

/** One log line for an action, with `Secret` and `Key` (MD5 login) redacted. */
export function describeAction(fields: AmiActionFields, actionId: string): string {
  return actionHeaders(fields, actionId)
    .map(([name, value]) => `${name}=${REDACTED_HEADERS.has(name.toLowerCase()) ? '***' : value}`)
    .join(' ');
}
