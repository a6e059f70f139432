import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { throughLocalPort } from '@app/testing';

/** A TCP delay proxy (libs/testing TcpDelayProxy) in a child process: see delay-proxy.main.ts. */
export class DelayProxyProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(host: string, port: number, delayMs: number): Promise<DelayProxyProcess> {
    const main = resolve(__dirname, 'delay-proxy.main.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', main, host, String(port), String(delayMs)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    return new DelayProxyProcess(child, Number(line.toString().trim()));
  }

  /** `url` (postgres://…@host:port/db) pointed at the proxy. */
  urlFor(url: string): string {
    return throughLocalPort(url, this.port);
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    await exited;
  }
}
