import { ConfigException } from './config.exception';

/** What to print when an app fails to start: a config problem is the operator's to fix, so no stack trace. */
export function describeBootFailure(error: unknown): string {
  if (error instanceof ConfigException) return error.message;
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return `Boot failed: ${String(error)}`;
}

/** The catch handler of every main.ts: the reason on stderr, exit code 1. */
export function exitOnBootFailure(error: unknown): never {
  process.stderr.write(`${describeBootFailure(error)}\n`);
  process.exit(1);
}
