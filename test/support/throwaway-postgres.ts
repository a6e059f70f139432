import { execFile, execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './free-port';

const PG_LIB = '/usr/lib/postgresql';
const ROLE = 'connector';
const DATABASE = 'connector_fault';

/**
 * A PostgreSQL cluster of its own (the server binaries scripts/services.sh installs), in a temp dir on a random
 * 127.0.0.1 port, so a test can stop and start it without pulling the shared cluster from under the other tests.
 * As root it runs as the `postgres` user, which initdb and postgres insist on.
 */
export class ThrowawayPostgres {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly bin: string,
  ) {}

  static async start(): Promise<ThrowawayPostgres> {
    const versions = readdirSync(PG_LIB)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(a) - Number(b));
    if (versions.length === 0) throw new Error(`no PostgreSQL server in ${PG_LIB}: run scripts/services.sh`);
    const dir = mkdtempSync(join(tmpdir(), 'connector-fault-pg-'));
    const pg = new ThrowawayPostgres(await freePort(), dir, join(PG_LIB, versions.at(-1) ?? '', 'bin'));
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
    }
    await pg.run('initdb', [
      '-D',
      join(dir, 'data'),
      '-U',
      ROLE,
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-sync',
      '--no-locale',
    ]);
    await pg.startServer();
    const admin = new Client({ connectionString: pg.urlOf('postgres') });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await admin.end();
    }
    return pg;
  }

  get url(): string {
    return this.urlOf(DATABASE);
  }

  /** `pg_ctl restart -m fast`, as `pg_ctlcluster ... restart` does: every connection is cut. */
  async restart(): Promise<void> {
    await this.stopServer();
    await this.startServer();
  }

  async stopServer(): Promise<void> {
    await this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
  }

  async startServer(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    const log = join(this.dir, 'postgres.log');
    await this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-o', options, '-l', log, '-w', '-t', '30', 'start']);
  }

  async stop(): Promise<void> {
    try {
      await this.stopServer();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private urlOf(database: string): string {
    return `postgres://${ROLE}:${ROLE}@127.0.0.1:${this.port}/${database}`;
  }

  private async run(tool: string, args: string[]): Promise<void> {
    const command = join(this.bin, tool);
    const asRoot = process.getuid?.() === 0;
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
    await promisify(execFile)(file, argv, { cwd: this.dir, timeout: 60_000 });
  }
}
