import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '..');
// The built app: Nest's injection needs the decorator metadata that tsc emits (tsx does not).
const workerMain = resolve(root, 'dist/apps/worker/src/main.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the built worker app with exactly `env` (nothing inherited), stopping it once `stopWhen` is seen. */
async function runWorker(env: Record<string, string>, stopWhen?: RegExp): Promise<Run> {
  if (!existsSync(workerMain)) throw new Error(`${workerMain} is missing: run \`npm run build\` first (npm test does)`);
  const child = spawn(process.execPath, [workerMain], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let stopped = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    // Once: a second SIGTERM arriving after Nest's handler has run would kill the process outright (exit code null).
    if (stopped || !stopWhen?.test(stdout)) return;
    stopped = true;
    child.kill('SIGTERM');
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('boot with the environment (e2e)', () => {
  it('exits 1 naming every bad variable, without a stack trace or the secret', async () => {
    const run = await runWorker({
      AMI_URL: 'ami://admin:Sup3rS3cret@pbx:99999/main,ami://admin:Sup3rS3cret@pbx/main,ami://admin:x@pbx2/main',
      LOG_LEVEL: 'info',
    });

    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      [
        'Invalid configuration (3 problems):',
        '  - LOG_LEVEL: must be one of fatal, error, warn, log, debug, verbose',
        '  - AMI_URL entry 1: port must be 1-65535',
        "  - AMI_URL: duplicate pbx id 'main' (entries 2 and 3)",
      ].join('\n'),
    );
    expect(run.stdout).not.toMatch(/Sup3rS3cret/);
  }, 30_000);

  it('starts with a valid environment and stops cleanly on SIGTERM', async () => {
    const run = await runWorker({ AMI_URL: 'ami://admin:secret@pbx/main' }, /Started/);

    // JSON lines, one per log call, with the class's context.
    expect(run.stdout).toMatch(/"context":"Worker","msg":"Worker ready/);
    expect(run.stdout).toMatch(/"context":"Worker","msg":"Worker stopping on SIGTERM"/);
    expect(run.stdout).not.toMatch(/secret/);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  }, 30_000);
});
