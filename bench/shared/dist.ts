import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * The benchmarks that run Nest apps use the build (`npm run build`), as production does: tsx, which runs bench/,
 * does not emit the decorator metadata Nest's dependency injection needs.
 */
const DIST_ENTRIES = [
  'apps/ingest/src/main.js',
  'apps/ingest/src/ingest.module.js',
  'apps/worker/src/worker.module.js',
  'libs/config/src/index.js',
];
const SOURCE_DIRS = ['apps', 'libs', 'migrations'];

/** Builds unless dist/ is newer than every source file of the apps; returns what it did. */
export function ensureBuilt(root: string, progress: (line: string) => void): 'fresh' | 'built' {
  const entries = DIST_ENTRIES.map((entry) => join(root, 'dist', entry));
  const builtAt = Math.min(...entries.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)));
  if (builtAt > newestSource(root)) return 'fresh';
  progress('dist/ is older than the sources: npm run build');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  if (build.status !== 0) {
    throw new Error(`npm run build failed (${build.status}): ${`${build.stdout}${build.stderr}`.trim().slice(-2000)}`);
  }
  return 'built';
}

/** A module of the build; `T` is `typeof import()` of its source, which the build mirrors. */
export function requireBuilt<T>(root: string, file: string): T {
  return createRequire(__filename)(join(root, 'dist', file)) as T;
}

function newestSource(root: string): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        newest = Math.max(newest, statSync(path).mtimeMs);
      }
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(root, dir));
  return newest;
}
