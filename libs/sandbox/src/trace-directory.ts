import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * `<repo>/fixtures/ami-traces`, the recorded traces in the repository; the repository is the nearest directory above
 * this file holding a package.json, so it works from the sources, from dist/ and in the image.
 */
export function defaultTracesDir(from = __dirname): string {
  let dir = path.resolve(from);
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.resolve(dir, 'fixtures', 'ami-traces');
}

export class TracesDirectoryError extends Error {
  override readonly name = 'TracesDirectoryError';
}

/** The `.ami` file of trace `prefix` (e.g. `01` -> `<dir>/01-inbound-answered.ami`), with a clear error when absent. */
export function traceFile(dir: string, prefix: string): string {
  assertTracesDir(dir);
  const matches = readdirSync(dir).filter(
    (f) => f.endsWith('.ami') && (f === `${prefix}.ami` || f.startsWith(`${prefix}-`)),
  );
  if (matches.length !== 1) {
    throw new TracesDirectoryError(
      `sandbox: trace ${prefix} not found in ${dir} (${matches.length} candidates); the sandbox plays the recorded ` +
        'AMI traces of fixtures/ami-traces in the repository — restore them (git checkout fixtures) or set SANDBOX_TRACES_DIR',
    );
  }
  return path.join(dir, matches[0]);
}

export function assertTracesDir(dir: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new TracesDirectoryError(
      `sandbox: the recorded AMI traces directory ${dir} does not exist; the sandbox plays the traces of ` +
        'fixtures/ami-traces in the repository — restore them (git checkout fixtures) or set SANDBOX_TRACES_DIR',
    );
  }
}
