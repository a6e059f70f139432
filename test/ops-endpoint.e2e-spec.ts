import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { ConfigException, loadConfig } from '@app/config';
import { AmiTestServer } from '@app/testing';
import { amiUrlOf } from './support/ami-url';
import { resetStores } from './support/delivery-harness';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './support/test-database';
import { freePort } from './support/free-port';

// The built apps: Nest's injection needs the decorator metadata tsc emits, and main.ts is what is tested.
const INGEST_MAIN = resolve(__dirname, '../dist/apps/ingest/src/main.js');
const WORKER_MAIN = resolve(__dirname, '../dist/apps/worker/src/main.js');

interface Answer {
  readonly status: number;
  readonly text: string;
}

async function get(url: string): Promise<Answer> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  return { status: res.status, text: await res.text() };
}

/** Polls `url` until `accept` likes the answer (a refused connection counts as not yet). */
async function waitForAnswer(url: string, accept: (a: Answer) => boolean, what: string): Promise<Answer> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    let last: string;
    try {
      const answer = await get(url);
      if (accept(answer)) return answer;
      last = `${answer.status} ${answer.text}`;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within 15 s (last: ${last})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

class App {
  private stderr = '';
  private constructor(private readonly child: ChildProcess) {
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  static start(main: string, env: Record<string, string>): App {
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first (npm test does)`);
    return new App(spawn(process.execPath, [main], { env, stdio: ['ignore', 'ignore', 'pipe'] }));
  }

  async exited(): Promise<{ code: number | null; stderr: string }> {
    if (this.child.exitCode === null && this.child.signalCode === null) await once(this.child, 'exit');
    return { code: this.child.exitCode, stderr: this.stderr };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await once(this.child, 'exit');
  }
}

/** A TCP relay to PostgreSQL that can cut every connection and refuse new ones, as a database outage looks. */
class OutageRelay {
  private readonly sockets = new Set<Socket>();
  private down = false;

  private constructor(
    private readonly server: Server,
    private readonly target: { host: string; port: number },
  ) {
    server.on('connection', (client) => this.relay(client));
  }

  static async start(target: { host: string; port: number }): Promise<OutageRelay> {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    return new OutageRelay(server, target);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  cut(): void {
    this.down = true;
    for (const socket of this.sockets) socket.destroy();
  }

  restore(): void {
    this.down = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise((done) => this.server.close(done));
  }

  private relay(client: Socket): void {
    if (this.down) return void client.destroy();
    const upstream = connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      // A cut connection errors on both ends: that is the outage being simulated, not a test failure.
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }
}

const quiet = { LOG_LEVEL: 'warn', REDIS_URL: TEST_REDIS_URL, DATABASE_URL: TEST_DATABASE_URL };

/** A standalone ingest logged in to a fresh AMI test server, its ops endpoint on a free port. */
async function startIngest(
  env: Record<string, string> = {},
): Promise<{ ami: AmiTestServer; ingest: App; base: string }> {
  const ami = await AmiTestServer.start();
  const port = await freePort();
  const ingest = App.start(INGEST_MAIN, { ...quiet, AMI_URL: amiUrlOf(ami), OPS_HTTP_PORT: String(port), ...env });
  return { ami, ingest, base: `http://127.0.0.1:${port}` };
}

describe('the ops endpoint of the standalone ingest', () => {
  let ami: AmiTestServer;
  let ingest: App;
  let base: string;

  beforeAll(async () => {
    ({ ami, ingest, base } = await startIngest());
  }, 30_000);

  afterAll(async () => {
    await ingest?.stop();
    await ami?.close();
  }, 30_000);

  it('answers /health/live once started', async () => {
    const live = await waitForAnswer(`${base}/health/live`, (a) => a.status === 200, 'ingest live');

    expect(JSON.parse(live.text)).toEqual({ status: 'ok' });
  }, 30_000);

  it('is ready when Redis answers and the PBX session is logged in', async () => {
    const ready = await waitForAnswer(`${base}/health/ready`, (a) => a.status === 200, 'ingest ready');

    expect(JSON.parse(ready.text)).toEqual({
      status: 'ok',
      info: { redis: { status: 'up' }, ami: { status: 'up', office: 'connected' } },
    });
  }, 30_000);

  it("serves its own metrics: the process's and each PBX's AMI session", async () => {
    const metrics = await get(`${base}/metrics`);

    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/^connector_process_resident_memory_bytes \d+/m);
    expect(metrics.text).toContain('connector_ami_connected{pbx="office"} 1');
    expect(metrics.text).toMatch(/^connector_ami_events\{pbx="office"\} \d+/m);
    expect(metrics.text).toContain('connector_live_calls{pbx="office"} 0');
    expect(metrics.text).toContain('connector_ingest_events_held 0');
  }, 30_000);

  it('turns 503 naming the PBX when its AMI refuses connections, and stays live', async () => {
    await ami.close();

    const ready = await waitForAnswer(`${base}/health/ready`, (a) => a.status === 503, 'ingest not ready');
    const live = await get(`${base}/health/live`);
    const metrics = await get(`${base}/metrics`);

    expect(JSON.parse(ready.text)).toEqual({
      statusCode: 503,
      code: 'HEALTH_NOT_READY',
      message: 'Not ready: ami is down',
      details: [{ field: 'ami', reason: 'down (office: disconnected)' }],
    });
    expect(live.status).toBe(200);
    expect(metrics.text).toContain('connector_ami_connected{pbx="office"} 0');
  }, 30_000);
});

describe('the ops endpoint of an ingest whose CDR directory is missing', () => {
  let ami: AmiTestServer;
  let ingest: App;
  let base: string;

  beforeAll(async () => {
    ({ ami, ingest, base } = await startIngest({ GAPFILL_CDR_CSV_PATH: '/nonexistent-cdr-csv-dir/Master.csv' }));
  }, 30_000);

  afterAll(async () => {
    await ingest?.stop();
    await ami?.close();
  }, 30_000);

  it('stays ready, with a warning naming the directory Asterisk cannot write its CDRs to', async () => {
    const ready = await waitForAnswer(`${base}/health/ready`, (a) => a.status === 200, 'ingest ready');

    const body = JSON.parse(ready.text) as { info: Record<string, Record<string, string>> };
    expect(body.info.gapFill.status).toBe('up');
    expect(body.info.gapFill.warning).toContain('office: /nonexistent-cdr-csv-dir does not exist');
  }, 30_000);
});

describe('the ops endpoint of the standalone worker', () => {
  let relay: OutageRelay;
  let worker: App;
  let base: string;

  beforeAll(async () => {
    await resetStores();
    const database = new URL(TEST_DATABASE_URL);
    relay = await OutageRelay.start({ host: database.hostname, port: Number(database.port || 5432) });
    database.port = String(relay.port);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    worker = App.start(WORKER_MAIN, { ...quiet, DATABASE_URL: database.href, OPS_HTTP_PORT: String(port) });
  }, 30_000);

  afterAll(async () => {
    await worker?.stop();
    await relay?.close();
  }, 30_000);

  it('is ready when Redis and PostgreSQL answer', async () => {
    const ready = await waitForAnswer(`${base}/health/ready`, (a) => a.status === 200, 'worker ready');

    expect(JSON.parse(ready.text)).toEqual({
      status: 'ok',
      info: { redis: { status: 'up' }, postgres: { status: 'up' } },
    });
  }, 30_000);

  it('serves the process metrics, without the AMI gauges that belong to ingest', async () => {
    const metrics = await get(`${base}/metrics`);

    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/^connector_nodejs_eventloop_lag_seconds [\d.e-]+/m);
    expect(metrics.text).not.toContain('connector_ami_connected');
  }, 30_000);

  it('turns 503 naming PostgreSQL while the database is unreachable, and ready again after', async () => {
    relay.cut();
    const down = await waitForAnswer(`${base}/health/ready`, (a) => a.status === 503, 'worker not ready');
    relay.restore();
    const up = await waitForAnswer(`${base}/health/ready`, (a) => a.status === 200, 'worker ready again');

    const body = JSON.parse(down.text) as { code: string; details: { field: string }[] };
    expect(body.code).toBe('HEALTH_NOT_READY');
    expect(body.details.map((d) => d.field)).toEqual(['postgres']);
    expect(up.status).toBe(200);
  }, 30_000);
});

describe('OPS_HTTP_HOST / OPS_HTTP_PORT', () => {
  it('are off by default and on loopback when only the port is set', () => {
    expect(loadConfig({}).opsHttp).toBeNull();
    expect(loadConfig({ OPS_HTTP_PORT: '0' }).opsHttp).toBeNull();
    expect(loadConfig({ OPS_HTTP_PORT: '9464' }).opsHttp).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ OPS_HTTP_PORT: '9464', OPS_HTTP_HOST: '0.0.0.0' }).opsHttp).toEqual({
      host: '0.0.0.0',
      port: 9464,
    });
  });

  it.each(['65536', '-1', '9464x', '0x10'])('refuse OPS_HTTP_PORT=%s', (value) => {
    expect(() => loadConfig({ OPS_HTTP_PORT: value })).toThrow(ConfigException);
    expect(() => loadConfig({ OPS_HTTP_PORT: value })).toThrow(/OPS_HTTP_PORT: must be a port number 1-65535, or 0/);
  });

  it('stop the worker at boot when the port is taken, saying which variable to change', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const { port } = blocker.address() as AddressInfo;
    try {
      const worker = App.start(WORKER_MAIN, { ...quiet, OPS_HTTP_PORT: String(port) });
      const { code, stderr } = await worker.exited();

      expect(code).toBe(1);
      expect(stderr).toContain(`cannot listen on 127.0.0.1:${port} (EADDRINUSE)`);
      expect(stderr).toContain('OPS_HTTP_PORT');
    } finally {
      await new Promise((done) => blocker.close(done));
    }
  }, 30_000);
});
