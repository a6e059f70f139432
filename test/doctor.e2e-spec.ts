/**
 * `npm run doctor` as an installer runs it: the built CLI (`node dist/apps/cli/src/doctor.js`, what the production
 * image has) in its own process, with the connector's environment. Against the sandbox it passes everything; each
 * common mistake (a wrong AMI secret, a module refusing the token, an evicting Redis) shows as its ✗ with the fix
 * and a non-zero exit code.
 */
import { TRACES_DIR } from './support/recorded-traces';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Redis } from 'ioredis';
import { sandboxEnvironment } from '@app/config';
import { type Sandbox, startSandbox } from '@app/sandbox';
import { AmiTestServer, Elma365Stub } from '@app/testing';
import { amiUrlOf } from './support/ami-url';
import { resetStores } from './support/delivery-harness';
import { freePort } from './support/free-port';
import { explained, SpawnedApp } from './support/spawned-app';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './support/test-database';
import { ThrowawayRedis } from './support/throwaway-redis';

const DOCTOR = path.resolve(__dirname, '../dist/apps/cli/src/doctor.js');
const WEBHOOK_TOKEN = 'doctor-webhook-token-0123456789';

interface DoctorRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runDoctor(env: Record<string, string>): Promise<DoctorRun> {
  if (!existsSync(DOCTOR)) throw new Error(`${DOCTOR} is missing: run \`npm run build\` first (npm test does)`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DOCTOR], { env: { LOG_LEVEL: 'error', ...env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The ✓/✗ lines (fixes are indented under them). */
const checkLines = (run: DoctorRun): string[] => run.stdout.split('\n').filter((line) => /^[✓✗] /.test(line));
const lineFor = (run: DoctorRun, fragment: string): { line: string; fix: string } => {
  const lines = run.stdout.split('\n');
  const at = lines.findIndex((line) => /^[✓✗] /.test(line) && line.includes(fragment));
  if (at === -1) throw new Error(`no line with "${fragment}" in:\n${run.stdout}${run.stderr}`);
  const next = lines[at + 1] ?? '';
  return { line: lines[at], fix: next.startsWith('    fix: ') ? next : '' };
};

describe('npm run doctor', () => {
  beforeAll(async () => {
    await resetStores();
  });

  describe('against the sandbox', () => {
    let sandbox: Sandbox;
    let app: SpawnedApp;
    const env: Record<string, string> = {};

    beforeAll(async () => {
      sandbox = await startSandbox({ tracesDir: TRACES_DIR, speed: 4, pauseMs: 300, scenarios: ['05'], burstEvery: 0 });
      const port = await freePort();
      const base = {
        DATABASE_URL: TEST_DATABASE_URL,
        REDIS_URL: TEST_REDIS_URL,
        LOG_LEVEL: 'error',
        HTTP_PORT: String(port),
        ELMA365_RATE_LIMIT_PER_MINUTE: '0',
      };
      for (const [name, value] of Object.entries(sandboxEnvironment(sandbox, base))) {
        if (value !== undefined) env[name] = value;
      }
      app = SpawnedApp.start('all', env);
    }, 30_000);

    afterAll(async () => {
      await app?.kill();
      await sandbox?.close();
    });

    it('prints only ✓ once a call was stored, and exits 0', async () => {
      const callsUrl = `http://127.0.0.1:${env.HTTP_PORT}/api/v1/calls`;
      const headers = { authorization: `Bearer ${env.API_KEYS}` };
      await explained(
        (async () => {
          const deadline = Date.now() + 45_000;
          for (;;) {
            const res = await fetch(callsUrl, { headers }).catch(() => undefined);
            if (res?.ok && ((await res.json()) as { items: unknown[] }).items.length > 0) return;
            if (Date.now() > deadline) throw new Error('no call stored within 45 s');
            await new Promise((resolve) => setTimeout(resolve, 300));
          }
        })(),
        [app],
      );

      const run = await runDoctor(env);

      const lines = checkLines(run);
      expect(lines.filter((line) => line.startsWith('✗'))).toEqual([]);
      expect(run.code).toBe(0);
      for (const fragment of [
        '[sandbox] AMI login to 127.0.0.1',
        '[sandbox] AMI rights: list channels and endpoints',
        '[sandbox] AMI rights of sandbox: nothing the connector does not use',
        'as sandbox-originate (click-to-call)',
        '[sandbox] AMI rights: originate (click-to-call) as sandbox-originate',
        '[sandbox] AMI rights of sandbox-originate: nothing the connector does not use',
        '[sandbox] AMI call events arrive',
        'Redis reachable and never evicting',
        'PostgreSQL reachable, schema up to date',
        'ELMA365 webhook answers a signed ping',
        'ELMA365 module state survives between invocations: yes',
      ]) {
        expect(lineFor(run, fragment).line).toMatch(/^✓ /);
      }
      expect(run.stdout).toContain(`All ${lines.length} checks passed.`);
      // the pings are answered, never shown as calls
      expect(sandbox.elma365.webhooks.list().some((w) => (w.payload as { kind?: string }).kind === 'ping')).toBe(false);
    }, 60_000);
  });

  describe('with one thing wrong', () => {
    let ami: AmiTestServer;
    let stub: Elma365Stub;

    beforeAll(async () => {
      ami = await AmiTestServer.start();
      stub = await Elma365Stub.start({ token: WEBHOOK_TOKEN });
    });

    afterAll(async () => {
      await ami?.close();
      await stub?.close();
    });

    const baseEnv = (): Record<string, string> => ({
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
    });

    it('a wrong AMI secret: ✗ login refused, the fix names manager.conf and AMI_URL, exit 1', async () => {
      const wrong = amiUrlOf(ami, 'lab').replace(encodeURIComponent(ami.secret), 'not-the-secret');
      const run = await runDoctor({ ...baseEnv(), AMI_URL: wrong });

      const { line, fix } = lineFor(run, '[lab] AMI login');
      expect(line).toMatch(/^✗ .*login refused/);
      expect(fix).toContain('manager.conf');
      expect(fix).toContain('AMI_URL');
      expect(run.stdout).not.toContain('not-the-secret');
      expect(run.code).toBe(1);
      expect(ami.logins.some((login) => !login.accepted)).toBe(true);
    }, 30_000);

    it("the module answering 401: ✗ with the module's refusal text and the token/mode fix, exit 1", async () => {
      stub.fail(
        401,
        'refused: bad_signature; headers arrived: authorization, content-type; verificationMode token would accept',
      );
      const run = await runDoctor({
        ...baseEnv(),
        ELMA365_WEBHOOK_URL: stub.url,
        ELMA365_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
      });

      const { line, fix } = lineFor(run, 'ELMA365 webhook answers a signed ping');
      expect(line).toMatch(/^✗ /);
      expect(line).toContain('HTTP 401: refused: bad_signature; headers arrived: authorization, content-type');
      expect(fix).toContain('ELMA365_WEBHOOK_TOKEN');
      expect(fix).toContain('verificationMode');
      expect(run.stdout).not.toContain(WEBHOOK_TOKEN);
      expect(run.code).toBe(1);
      // signed like a delivery: the stub verified the ping's Bearer token and signature
      const ping = stub.requests.find((r) => (r.body as { kind?: string } | undefined)?.kind === 'ping');
      expect(ping?.tokenValid).toBe(true);
      expect(ping?.signatureValid).toBe(true);
      stub.ok();
    }, 30_000);

    it('Redis with allkeys-lru: ✗ with the noeviction fix, exit 1', async () => {
      const redis = await ThrowawayRedis.start();
      const client = new Redis(redis.url);
      try {
        await client.config('SET', 'maxmemory-policy', 'allkeys-lru');
        const run = await runDoctor({ ...baseEnv(), REDIS_URL: redis.url });

        const { line, fix } = lineFor(run, 'Redis reachable and never evicting');
        expect(line).toMatch(/^✗ .*allkeys-lru/);
        expect(fix).toContain('maxmemory-policy noeviction');
        expect(run.code).toBe(1);
      } finally {
        client.disconnect();
        await redis.stop();
      }
    }, 30_000);
  });
});
