const VARIABLE_NAME = /^[A-Za-z0-9_]{1,80}$/;

/**
 * One AGI argument in double quotes. Asterisk's parser treats `\` as an escape and `"` as the end of the
 * argument; CR and LF would end the command itself and let a CRM value inject another one, so they go.
 */
export function quoteAgiArgument(value: string): string {
  const singleLine = value.replace(/[\r\n]+/g, ' ');
  return `"${singleLine.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `SET VARIABLE name "value"`; the name is ours, never a caller's, so a bad one is a programming error. */
export function formatSetVariable(name: string, value: string): string {
  if (!VARIABLE_NAME.test(name)) throw new Error(`FastAGI: invalid channel variable name '${name}'`);
  return `SET VARIABLE ${name} ${quoteAgiArgument(value)}`;
}

export function formatVerbose(message: string, level = 1): string {
  return `VERBOSE ${quoteAgiArgument(message)} ${Math.min(4, Math.max(1, Math.trunc(level)))}`;
}
