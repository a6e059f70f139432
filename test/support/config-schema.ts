import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const CONFIG_SRC = resolve(__dirname, '../../libs/config/src');

/**
 * Every environment variable a config DTO declares: each section's `*.config.ts` in libs/config (a
 * two-space-indented UPPER_CASE property). What .env.example, compose and the configuration pages are held to.
 */
export function declaredVariables(): string[] {
  return [...schemaText().matchAll(/^ {2}([A-Z][A-Z0-9_]*)[?:!]/gm)].map((m) => m[1]);
}

/** The defaults the DTOs declare (`  LOG_LEVEL: LogLevel = 'log';`), as the values the connector sees. */
export function declaredDefaults(): Map<string, string> {
  const declarations = schemaText().matchAll(/^ {2}([A-Z][A-Z0-9_]*)\??: [\w<>| ]+? = '((?:[^'\\]|\\.)*)';/gm);
  return new Map([...declarations].map((m) => [m[1], m[2].replace(/\\(.)/g, '$1')]));
}

function schemaText(): string {
  const sources = readdirSync(CONFIG_SRC).filter((f) => f.endsWith('.config.ts'));
  return sources.map((f) => readFileSync(resolve(CONFIG_SRC, f), 'utf8')).join('\n');
}
