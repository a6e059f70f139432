import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * `<repo>/fixtures/ami-traces`, the recorded traces in the repository; the repository is the nearest directory above
 * `from` holding a package.json, so it works from the sources, from dist/ and in the image.
 */
export function recordedTracesDir(from = __dirname): string {
  let dir = path.resolve(from);
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.resolve(dir, 'fixtures', 'ami-traces');
}

export class TracesDirectoryError extends Error {
  override readonly name = 'TracesDirectoryError';
}

export function assertTracesDir(dir: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new TracesDirectoryError(
      `the recorded AMI traces directory ${dir} does not exist; the recorded traces are fixtures/ami-traces in the ` +
        'repository — restore them (git checkout fixtures)',
    );
  }
}

/** Names (without `.ami`) of every trace in `dir`, sorted. */
export function listTraceNames(dir = recordedTracesDir()): string[] {
  assertTracesDir(dir);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ami'))
    .map((f) => f.slice(0, -'.ami'.length))
    .sort();
}

/** The `.ami` file of `01`, `01-inbound-answered`, `01-inbound-answered.ami` or an absolute path. */
export function traceAmiPath(nameOrPath: string, dir = recordedTracesDir()): string {
  if (path.isAbsolute(nameOrPath)) return nameOrPath;
  const base = nameOrPath.endsWith('.ami') ? nameOrPath.slice(0, -'.ami'.length) : nameOrPath;
  const names = listTraceNames(dir);
  if (names.includes(base)) return path.join(dir, `${base}.ami`);
  const matches = names.filter((n) => n.startsWith(`${base}-`));
  if (matches.length !== 1) {
    throw new TracesDirectoryError(`trace "${nameOrPath}" not found in ${dir} (${matches.length} candidates)`);
  }
  return path.join(dir, `${matches[0]}.ami`);
}
