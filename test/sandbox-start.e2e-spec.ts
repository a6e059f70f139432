import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { resetStores, TEST_DATABASE_URL } from './support/delivery-harness';
import { TEST_REDIS_URL } from './support/test-database';
import { freePort } from './support/free-port';

const ALL_MAIN = resolve(__dirname, '../dist/apps/all/src/main.js');

/** The README's run command with nothing configured: the built all-in-one app starts the sandbox. */
describe('npm start with no PBX and no ELMA365: the sandbox', () => {
  let child: ChildProcess | undefined;
  let output = '';

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('plays recorded calls into the connector: they show on the stand-in page and in GET /api/v1/calls', async () => {
    if (!existsSync(ALL_MAIN)) throw new Error(`${ALL_MAIN} is missing: run \`npm run build\` first (npm test does)`);
    await resetStores();
    const port = await freePort();
    child = spawn(process.execPath, [ALL_MAIN], {
      env: {
        DATABASE_URL: TEST_DATABASE_URL,
        REDIS_URL: TEST_REDIS_URL,
        HTTP_PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

    const deadline = Date.now() + 45_000;
    let items: { callId: string; pbxId: string }[] = [];
    while (items.length === 0) {
      if (Date.now() > deadline) throw new Error(`no call in the sandbox within 45 s; output:\n${output.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 500));
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/calls`, {
        headers: { authorization: 'Bearer sandbox-local-api-key' },
      }).catch(() => undefined);
      if (res?.ok) items = ((await res.json()) as { items: typeof items }).items;
    }
    expect(items[0].pbxId).toBe('sandbox');

    const pageUrl = /What ELMA365 would receive: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
    expect(pageUrl).toBeDefined();
    const page = await (await fetch(pageUrl ?? '')).text();
    expect(page).toContain(items[0].callId);
  }, 60_000);
});

describe('npm start with nothing configured and HTTP_HOST beyond loopback', () => {
  it('refuses to start the sandbox: its key and login are published, so it names HTTP_HOST and the way out', async () => {
    if (!existsSync(ALL_MAIN)) throw new Error(`${ALL_MAIN} is missing: run \`npm run build\` first (npm test does)`);
    const port = await freePort();
    const child = spawn(process.execPath, [ALL_MAIN], {
      env: {
        DATABASE_URL: TEST_DATABASE_URL,
        REDIS_URL: TEST_REDIS_URL,
        HTTP_HOST: '0.0.0.0',
        HTTP_PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];

    expect(code).toBe(1);
    expect(stderr).toContain('HTTP_HOST=0.0.0.0: nothing is configured');
    expect(stderr).toContain('Unset HTTP_HOST');
    const probe = await fetch(`http://127.0.0.1:${port}/health/live`).catch(() => null);
    expect(probe).toBeNull();
  }, 30_000);
});
