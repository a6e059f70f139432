import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const TAIL_CHARS = 4000;

/** One built app (`dist/apps/<name>/src/main.js`) in its own process, its output kept for a failing test's message. */
export class SpawnedApp {
  private output = '';

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-TAIL_CHARS);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  static start(app: 'ingest' | 'worker' | 'api' | 'all', env: Record<string, string>, label: string = app): SpawnedApp {
    const main = resolve(__dirname, `../../dist/apps/${app}/src/main.js`);
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first (npm test does)`);
    const child = spawn(process.execPath, [main], { env, stdio: 'pipe' });
    return new SpawnedApp(label, child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** the last few KB of stdout and stderr */
  get tail(): string {
    return this.output;
  }

  /** SIGTERM, as `docker stop` sends it; resolves with how long the process took to exit. */
  async stop(): Promise<number> {
    const startedAt = Date.now();
    if (!this.running) return 0;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    await exited;
    return Date.now() - startedAt;
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  async kill(): Promise<void> {
    if (!this.running) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGKILL');
    await exited;
  }
}

/** Awaits `step`; when it fails, the apps' last output is added to the error (a crashed app says why). */
export async function explained<T>(step: Promise<T>, apps: readonly SpawnedApp[]): Promise<T> {
  try {
    return await step;
  } catch (error) {
    const tails = apps.map((a) => `--- ${a.name} (${a.running ? 'running' : 'exited'}):\n${a.tail.slice(-1500)}`);
    throw new Error(`${(error as Error).message}\n${tails.join('\n')}`, { cause: error });
  }
}
