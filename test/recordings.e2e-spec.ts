import { createHmac } from 'node:crypto';
import { link, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { CallRecord } from '@app/calls';
import { AppConfig, ConfigModule } from '@app/config';
import { CallRecordRepository, createDataSource } from '@app/persistence';
import { AuthModule } from '../apps/api/src/auth/auth.module';
import { configureHttpApp } from '../apps/api/src/common/configure-http-app';
import { RecordingsModule } from '../apps/api/src/recordings/recordings.module';
import { resetStores } from './support/delivery-harness';
import { TEST_DATABASE_URL, testConfig } from './support/test-database';

const API_KEY = 'recordings-test-key-0123456789';
const LINK_SECRET = 'recordings-link-secret-0123456789';
const PUBLIC_BASE_URL = 'https://connector.example.test';
const WAV = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
const MP3 = Buffer.from('ID3 not really an mp3');

function call(linkedid: string, recording: string | null): CallRecord {
  return {
    callId: `office:${linkedid}`,
    pbxId: 'office',
    linkedid,
    direction: 'in',
    from: '+79161234567',
    to: '+74951112233',
    answeredBy: '1001',
    disposition: 'answered',
    startedAt: '2026-05-01T08:00:00.000+00:00',
    answeredAt: '2026-05-01T08:00:05.000+00:00',
    endedAt: '2026-05-01T08:01:05.000+00:00',
    waitSeconds: 5,
    talkSeconds: 60,
    extensions: ['1001'],
    transfers: [],
    queue: null,
    recording,
    hangupCause: 16,
    legs: [],
  };
}

async function startApi(env: Record<string, string>, withAuth: boolean): Promise<NestExpressApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule, ...(withAuth ? [AuthModule] : []), RecordingsModule],
  })
    .overrideProvider(AppConfig)
    .useValue(testConfig(env))
    .compile();
  const app = configureHttpApp(moduleRef.createNestApplication<NestExpressApplication>({ logger: false }));
  await app.listen(0, '127.0.0.1');
  return app;
}

const urlOf = (app: NestExpressApplication): string =>
  `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

const tamper = (sig: string): string => (sig.startsWith('A') ? 'B' : 'A') + sig.slice(1);

const sign = (id: string, exp: string): string =>
  createHmac('sha256', LINK_SECRET).update(`${id}.${exp}`).digest('base64url');

describe('Recordings API (e2e)', () => {
  let root: string;
  let app: NestExpressApplication;
  let baseUrl: string;

  const authed = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${baseUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${API_KEY}`, ...(init.headers as Record<string, string>) },
    });
  const recording = (id: string, headers: Record<string, string> = {}): Promise<Response> =>
    authed(`/api/v1/calls/${encodeURIComponent(id)}/recording`, { headers });
  const signedPath = (id: string, exp: string, sig: string): string =>
    `/recordings/${encodeURIComponent(id)}?exp=${exp}&sig=${sig}`;
  const inAnHour = (): string => String(Math.floor(Date.now() / 1000) + 3600);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'recordings-e2e-'));
    const dir = join(root, 'monitor');
    await mkdir(join(dir, '2026', '05'), { recursive: true });
    await mkdir(join(root, 'outside'));
    await writeFile(join(dir, 'in-1001.wav'), WAV);
    await writeFile(join(dir, '2026', '05', 'out-1002.mp3'), MP3);
    await writeFile(join(dir, 'odd.raw'), MP3);
    await writeFile(join(root, 'outside', 'secret.wav'), 'secret');
    await symlink('/etc/passwd', join(dir, 'passwd.wav'));
    await symlink(join(root, 'outside'), join(dir, 'linked-dir'));
    // A second name inside the directory for a file outside it: realpath cannot tell, the link count can.
    await link(join(root, 'outside', 'secret.wav'), join(dir, 'hardlinked.wav'));

    await resetStores();
    const dataSource = await createDataSource(TEST_DATABASE_URL).initialize();
    try {
      const calls = new CallRecordRepository(dataSource);
      for (const record of [
        call('asterisk-path', '/var/spool/asterisk/monitor/in-1001.wav'),
        call('relative', '2026/05/out-1002.mp3'),
        call('inside-absolute', join(dir, 'in-1001.wav')),
        call('octet', 'odd.raw'),
        call('none', null),
        call('missing', 'gone.wav'),
        call('dotdot', '../outside/secret.wav'),
        call('absolute-outside', join(root, 'outside', 'secret.wav')),
        call('etc-passwd', '/etc/passwd'),
        call('monitor-dotdot', '/var/spool/asterisk/monitor/../../../../etc/passwd'),
        call('symlink-out', 'passwd.wav'),
        call('symlinked-dir', 'linked-dir/secret.wav'),
        call('directory', '2026'),
        call('hard-link', 'hardlinked.wav'),
      ]) {
        await calls.upsert(record);
      }
    } finally {
      await dataSource.destroy();
    }

    app = await startApi(
      { API_KEYS: API_KEY, RECORDINGS_DIR: dir, RECORDING_LINK_SECRET: LINK_SECRET, PUBLIC_BASE_URL },
      true,
    );
    baseUrl = urlOf(app);
  });

  afterAll(async () => {
    await app?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  describe('GET /api/v1/calls/{id}/recording', () => {
    it('streams the whole file with its type, length and Accept-Ranges', async () => {
      const response = await recording('office:asterisk-path');

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('audio/wav');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-length')).toBe('1000');
      expect(response.headers.get('accept-ranges')).toBe('bytes');
      expect(Buffer.from(await response.arrayBuffer())).toEqual(WAV);
    });

    it('finds relative paths and absolute ones inside the directory; types by extension', async () => {
      const mp3 = await recording('office:relative');
      expect(mp3.status).toBe(200);
      expect(mp3.headers.get('content-type')).toBe('audio/mpeg');
      expect(Buffer.from(await mp3.arrayBuffer())).toEqual(MP3);

      const inside = await recording('office:inside-absolute');
      expect(inside.status).toBe(200);
      expect(Buffer.from(await inside.arrayBuffer())).toEqual(WAV);

      const other = await recording('office:octet');
      expect(other.headers.get('content-type')).toBe('application/octet-stream');
      await other.arrayBuffer();
    });

    it.each([
      ['bytes=100-199', 100, 199],
      ['bytes=900-', 900, 999],
      ['bytes=-100', 900, 999],
      ['bytes=990-5000', 990, 999],
    ])('answers Range %s with 206 and exactly those bytes', async (range, start, end) => {
      const response = await recording('office:asterisk-path', { range });

      expect(response.status).toBe(206);
      expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/1000`);
      expect(response.headers.get('content-length')).toBe(String(end - start + 1));
      expect(Buffer.from(await response.arrayBuffer())).toEqual(WAV.subarray(start, end + 1));
    });

    it.each(['bytes=1000-', 'bytes=5000-6000', 'bytes=-0'])('answers an unsatisfiable %s with 416', async (range) => {
      const response = await recording('office:asterisk-path', { range });

      expect(response.status).toBe(416);
      expect(response.headers.get('content-range')).toBe('bytes */1000');
      expect(await response.json()).toMatchObject({ code: 'RECORDING_RANGE_NOT_SATISFIABLE' });
    });

    it('sends the whole file for several ranges (allowed by RFC 9110)', async () => {
      const response = await recording('office:asterisk-path', { range: 'bytes=0-1,5-6' });

      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer())).toEqual(WAV);
    });

    it.each([
      ['no recording', 'office:none'],
      ['a missing file', 'office:missing'],
      ['an unknown call', 'office:nope'],
      ['a stored ../ path', 'office:dotdot'],
      ['an absolute path outside the directory', 'office:absolute-outside'],
      ['/etc/passwd', 'office:etc-passwd'],
      ['a monitor path climbing out', 'office:monitor-dotdot'],
      ['a symlink to /etc/passwd', 'office:symlink-out'],
      ['a file under a symlinked directory outside', 'office:symlinked-dir'],
      ['a directory', 'office:directory'],
      ['a hard link to a file outside', 'office:hard-link'],
    ])('answers 404 RECORDING_NOT_FOUND for %s, revealing no path', async (_what, id) => {
      const response = await recording(id);

      expect(response.status).toBe(404);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ statusCode: 404, code: 'RECORDING_NOT_FOUND' });
      expect(JSON.stringify(body)).not.toMatch(/monitor|outside|passwd|recordings-e2e/);
    });

    it('answers 404 for a traversal in the URL', async () => {
      for (const path of [
        '/api/v1/calls/..%2F..%2Fetc%2Fpasswd/recording',
        '/api/v1/calls/%2Fetc%2Fpasswd/recording',
      ]) {
        expect((await authed(path)).status).toBe(404);
      }
    });

    it('needs the API key', async () => {
      const response = await fetch(`${baseUrl}/api/v1/calls/${encodeURIComponent('office:asterisk-path')}/recording`);

      expect(response.status).toBe(401);
    });
  });

  describe('signed links', () => {
    it('POST recording-link answers a link under PUBLIC_BASE_URL that plays without an API key', async () => {
      const before = Math.floor(Date.now() / 1000);
      const response = await authed(`/api/v1/calls/${encodeURIComponent('office:asterisk-path')}/recording-link`, {
        method: 'POST',
      });

      expect(response.status).toBe(200);
      const { url, expiresAt } = (await response.json()) as { url: string; expiresAt: string };
      const link = new URL(url);
      expect(`${link.origin}${link.pathname}`).toBe(`${PUBLIC_BASE_URL}/recordings/office%3Aasterisk-path`);
      const exp = Number(link.searchParams.get('exp'));
      expect(exp).toBeGreaterThanOrEqual(before + 3600);
      expect(Date.parse(expiresAt)).toBe(exp * 1000);
      expect(link.searchParams.get('sig')).toBe(sign('office:asterisk-path', String(exp)));

      const played = await fetch(`${baseUrl}${link.pathname}${link.search}`);
      expect(played.status).toBe(200);
      expect(played.headers.get('content-type')).toBe('audio/wav');
      expect(Buffer.from(await played.arrayBuffer())).toEqual(WAV);

      const ranged = await fetch(`${baseUrl}${link.pathname}${link.search}`, { headers: { range: 'bytes=10-19' } });
      expect(ranged.status).toBe(206);
      expect(Buffer.from(await ranged.arrayBuffer())).toEqual(WAV.subarray(10, 20));
    });

    it('POST recording-link answers 404 when the call has no recording', async () => {
      const response = await authed(`/api/v1/calls/${encodeURIComponent('office:none')}/recording-link`, {
        method: 'POST',
      });

      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'RECORDING_NOT_FOUND' });
    });

    it.each([
      ['a tampered signature', (exp: string) => ({ exp, sig: tamper(sign('office:asterisk-path', exp)) })],
      ['a signature of another call', (exp: string) => ({ exp, sig: sign('office:relative', exp) })],
      ['a moved expiry', (exp: string) => ({ exp: String(Number(exp) + 60), sig: sign('office:asterisk-path', exp) })],
      ['no signature', (exp: string) => ({ exp, sig: '' })],
      ['a non-numeric expiry', () => ({ exp: 'soon', sig: sign('office:asterisk-path', 'soon') })],
    ])('refuses %s with 403 RECORDING_LINK_INVALID', async (_what, make) => {
      const { exp, sig } = make(inAnHour());
      const response = await fetch(`${baseUrl}${signedPath('office:asterisk-path', exp, sig)}`);

      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ code: 'RECORDING_LINK_INVALID' });
    });

    it('refuses an expired link with 403 RECORDING_LINK_EXPIRED', async () => {
      const exp = String(Math.floor(Date.now() / 1000) - 1);
      const response = await fetch(
        `${baseUrl}${signedPath('office:asterisk-path', exp, sign('office:asterisk-path', exp))}`,
      );

      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ code: 'RECORDING_LINK_EXPIRED' });
    });

    it('answers 404 for validly signed links to paths outside the directory', async () => {
      for (const id of ['office:symlink-out', 'office:dotdot', '../../etc/passwd']) {
        const exp = inAnHour();
        const response = await fetch(`${baseUrl}${signedPath(id, exp, sign(id, exp))}`);
        expect(response.status).toBe(404);
      }
    });
  });

  describe('without RECORDING_LINK_SECRET', () => {
    let disabled: NestExpressApplication;

    beforeAll(async () => {
      disabled = await startApi({ RECORDINGS_DIR: join(root, 'monitor') }, false);
    });

    afterAll(async () => {
      await disabled?.close();
    });

    it('answers 503 RECORDING_LINKS_DISABLED to link requests and to links', async () => {
      const id = encodeURIComponent('office:asterisk-path');
      const create = await fetch(`${urlOf(disabled)}/api/v1/calls/${id}/recording-link`, { method: 'POST' });
      expect(create.status).toBe(503);
      expect(await create.json()).toMatchObject({ code: 'RECORDING_LINKS_DISABLED' });

      const exp = inAnHour();
      const open = await fetch(
        `${urlOf(disabled)}/recordings/${id}?exp=${exp}&sig=${sign('office:asterisk-path', exp)}`,
      );
      expect(open.status).toBe(503);
      expect(await open.json()).toMatchObject({ code: 'RECORDING_LINKS_DISABLED' });
    });
  });
});
