import type { NestExpressApplication } from '@nestjs/platform-express';
import { connect } from 'node:net';
import { AmiTestServer, waitFor } from '@app/testing';
import { PbxActionsService } from '../apps/api/src/pbx/pbx-actions.service';
import { answerEndpoints } from './support/ami-endpoints';
import { resetStores } from './support/delivery-harness';
import { amiUrlOf } from './support/ami-url';
import { startApiApp } from './support/api-app';

const API_KEY = 'sweep-test-key-000000001';
const AUTH = { authorization: `Bearer ${API_KEY}` };

const PATHS = [
  '/api/v1/calls',
  '/api/v1/calls/office%3A1.2',
  '/api/v1/calls/..%2F..%2Fetc%2Fpasswd',
  '/api/v1/calls/%00',
  '/api/v1/calls/office%3A1.2/recording',
  '/api/v1/calls/office%3A1.2/recording-link',
  '/api/v1/extensions',
  '/api/v1/deliveries/dead',
  '/api/v1/deliveries/dead/retry-all',
  '/api/v1/deliveries/dead/x%23y/retry',
  '/recordings/office%3A1.2',
  '/health/ready',
  '/metrics',
];

const QUERIES = [
  '',
  '?limit=-1',
  '?limit=abc',
  '?limit=1e9',
  '?cursor=%FF%FE',
  `?cursor=${'A'.repeat(5000)}`,
  '?from=yesterday&to=2026-13-45T99:99',
  '?phone=%0D%0AInjected:1',
  '?direction=sideways&disposition[]=x',
  '?exp=-5&sig=%%%',
  '?pbxId=../../x',
];

const BODIES: (string | undefined)[] = [
  undefined,
  '{',
  'null',
  '[]',
  '"text"',
  '{"extension":null,"phone":12345}',
  '{"extension":"1001\\r\\nAction: Originate","phone":"+79161234567"}',
  '{"extension":"1001","phone":"+79161234567","variables":{"A":"x","__proto__":{"polluted":true}}}',
  `{"extension":"1001","phone":"${'9'.repeat(10_000)}"}`,
  JSON.stringify({ extension: '1001', phone: '+79161234567', pad: 'x'.repeat(200_000) }),
];

describe('a sweep of malformed and oversized requests', () => {
  let app: NestExpressApplication;
  let server: AmiTestServer;
  let baseUrl: string;

  beforeAll(async () => {
    await resetStores();
    server = await AmiTestServer.start();
    server.onAction('PJSIPShowEndpoints', answerEndpoints);
    server.onAction('Originate', (action, connection) =>
      connection.respond(action, 'Success', { Message: 'Originate successfully queued' }),
    );
    app = await startApiApp({
      AMI_URL: amiUrlOf(server),
      API_KEYS: API_KEY,
      RECORDING_LINK_SECRET: 'recording-link-secret-02',
      CLICK_TO_CALL_RATE_PER_MINUTE: '0',
      ADMIN_USER: 'ops',
      ADMIN_PASSWORD: 'sweep-admin-password',
    });
    baseUrl = await app.getUrl();
    await waitFor(() => app.get(PbxActionsService).isConnected('office'), { timeoutMs: 5000, what: 'AMI login' });
  });

  afterAll(async () => {
    await app.close();
    await server.close();
  });

  it('never answers 5xx except a readiness 503, and every error is a JSON body with a code', async () => {
    const failures: string[] = [];
    let requests = 0;
    for (const path of PATHS) {
      for (const query of QUERIES) {
        for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
          const bodies = method === 'POST' || method === 'PUT' ? BODIES : [undefined];
          for (const body of bodies) {
            for (const headers of [
              AUTH,
              {},
              { authorization: 'Bearer wrong-key-000000000000' },
              { authorization: 'Basic !!!' },
            ]) {
              requests++;
              const res = await fetch(`${baseUrl}${path}${query}`, {
                method,
                headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
                body,
              });
              const text = await res.text();
              const what = `${method} ${path}${query.slice(0, 40)} body=${(body ?? '').slice(0, 30)} -> ${res.status}`;
              if (res.status >= 500 && !(path === '/health/ready' && res.status === 503))
                failures.push(`${what} ${text.slice(0, 160)}`);
              if (res.status >= 400 && res.status !== 416 && !/"code":"[A-Z0-9_]+"/.test(text))
                failures.push(`${what} (no code)`);
            }
          }
        }
      }
    }
    expect(requests).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
  }, 120_000);

  it('answers a body over the 64 KB limit 413 with a code, whether it says its length or not', async () => {
    const big = JSON.stringify({ extension: '1001', phone: '+79161234567', pad: 'x'.repeat(65 * 1024) });
    const huge = JSON.stringify({ pad: 'y'.repeat(5 * 1024 * 1024) });
    const answers: string[] = [];
    for (const path of [
      '/api/v1/calls',
      '/api/v1/calls/office%3A1.2/recording-link',
      '/api/v1/deliveries/dead/retry-all',
    ]) {
      for (const [type, body] of [
        ['application/json', big],
        ['application/json', huge],
        ['application/x-www-form-urlencoded', `pad=${'z'.repeat(70 * 1024)}`],
      ] as const) {
        const res = await fetch(`${baseUrl}${path}`, {
          method: 'POST',
          headers: { ...AUTH, 'content-type': type },
          body,
        });
        answers.push(`${path} ${type} ${body.length}: ${res.status} ${(await res.text()).slice(0, 60)}`);
      }
      // chunked: no Content-Length to refuse up front, the parser has to stop counting at the limit
      const chunked = await rawRequest(
        `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH.authorization}\r\n` +
          'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n',
        Array.from({ length: 40 }, () => `2000\r\n${'a'.repeat(0x2000)}\r\n`).join('') + '0\r\n\r\n',
      );
      const [head, ...rest] = chunked.split('\r\n\r\n');
      answers.push(`${path} chunked: ${head.split(' ')[1]} ${rest.join('').slice(0, 60)}`);
    }
    expect(answers.filter((a) => !/: 413 \{"statusCode":413,"code":"PAYLOAD_TOO_LARGE"/.test(a))).toEqual([]);
  }, 60_000);

  it('answers huge headers and a huge URL 431 (Node refuses them before the app), and keeps serving', async () => {
    const statusLines = [
      await rawRequest(`GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'h'.repeat(32 * 1024)}\r\n\r\n`),
      await rawRequest(
        `GET /health/live HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 400 }, (_, i) => `X-H${i}: ${'v'.repeat(60)}\r\n`).join('')}\r\n`,
      ),
      await rawRequest(`GET /api/v1/calls?cursor=${'c'.repeat(100 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`),
      await rawRequest(
        `GET /api/v1/calls HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'k'.repeat(64 * 1024)}\r\n\r\n`,
      ),
    ].map((answer) => answer.split('\r\n')[0]);
    expect(statusLines).toEqual(statusLines.map(() => 'HTTP/1.1 431 Request Header Fields Too Large'));
    const after = await fetch(`${baseUrl}/api/v1/extensions`, { headers: AUTH });
    expect(after.status).toBe(200);
  }, 30_000);

  /** Writes the request bytes itself (fetch would refuse or fix them) and returns whatever the server answered. */
  async function rawRequest(head: string, body = ''): Promise<string> {
    const { port } = new URL(baseUrl);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('connect', () => socket.end(head + body));
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('error', (error: NodeJS.ErrnoException) =>
        // the server may close while the rest of a refused request is still being written
        error.code === 'ECONNRESET' || error.code === 'EPIPE'
          ? resolve(Buffer.concat(chunks).toString('latin1'))
          : reject(error),
      );
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    });
  }
});
