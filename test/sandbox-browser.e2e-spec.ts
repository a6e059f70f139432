/**
 * The first run as a person sees it, in Debian's headless Chromium: `npm start` with nothing configured (the built
 * all-in-one app in sandbox mode), the ELMA365 stand-in's page filling with calls, and Swagger UI behind the sandbox
 * admin login calling the API with the sandbox key. Screenshots go to .tmp/ (git-ignored); README.md says how one
 * becomes docs/images/sandbox-page.png.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { SANDBOX_ADMIN, SANDBOX_API_KEY } from '@app/config';
import { launchChromium } from './support/chromium';
import { resetStores, TEST_DATABASE_URL } from './support/delivery-harness';
import { TEST_REDIS_URL } from './support/test-database';
import { freePort } from './support/free-port';

const ALL_MAIN = resolve(__dirname, '../dist/apps/all/src/main.js');
const SCREENSHOTS = resolve(__dirname, '../.tmp');
const VIEWPORT = { width: 1280, height: 640 };

interface ApiCall {
  callId: string;
  direction: string;
  from: string | null;
  to: string | null;
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what()} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The number ELMA365 shows for the client: the caller of an inbound or internal call, the callee of an outbound. */
function clientNumber(call: ApiCall): string {
  return (call.direction === 'out' ? call.to : call.from) ?? '';
}

describe('the sandbox in a real browser (headless Chromium)', () => {
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;
  let output = '';
  let apiUrl = '';
  let standInUrl = '';

  const chromium = (): Browser => {
    if (!browser) throw new Error('Chromium did not start: see the beforeAll failure');
    return browser;
  };

  const apiCalls = async (): Promise<ApiCall[]> => {
    const res = await fetch(`${apiUrl}/api/v1/calls?limit=200`, {
      headers: { authorization: `Bearer ${SANDBOX_API_KEY}` },
    });
    if (!res.ok) throw new Error(`GET /api/v1/calls answered ${res.status}`);
    return ((await res.json()) as { items: ApiCall[] }).items;
  };

  beforeAll(async () => {
    if (!existsSync(ALL_MAIN)) throw new Error(`${ALL_MAIN} is missing: run \`npm run build\` first (npm test does)`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await resetStores();
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [ALL_MAIN], {
      env: { DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: TEST_REDIS_URL, HTTP_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    browser = await launchChromium();
    standInUrl = await until(
      async () => /What ELMA365 would receive: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1],
      20_000,
      () => `the sandbox did not log the stand-in's address; output:\n${output.slice(-2000)}`,
    );
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }, 15_000);

  it('fills the stand-in page with what ELMA365 received: the calls GET /api/v1/calls lists', async () => {
    const live = await chromium().newPage({ viewport: VIEWPORT });
    await live.goto(standInUrl);
    // No reload by the test: the page reloads itself every 2 s, as it does for a person watching it.
    await live.locator('#call-log tr[data-call-id]').first().waitFor({ timeout: 30_000 });
    await live.close();

    // Read and photographed with scripts off, so that no reload lands in the middle.
    const still = await chromium().newContext({ viewport: VIEWPORT, javaScriptEnabled: false });
    const page = await still.newPage();
    await page.goto(standInUrl);
    const finished = page.locator('#call-log tr[data-call-id]');
    const shownId = (await finished.first().getAttribute('data-call-id')) ?? '';
    const shownRow = (await finished.first().textContent()) ?? '';
    expect(await page.locator('#live-cards tr[data-call-id]').count()).toBeGreaterThan(0);
    // one row per card (call + extension); the page names any card that broke the rule in its last column
    const breaches = await page.locator('#live-cards tr[data-call-id] td:last-child').allTextContents();
    expect(breaches.filter((b) => b !== '')).toEqual([]);
    await page.screenshot({ path: resolve(SCREENSHOTS, 'sandbox-page.png'), fullPage: true });
    await still.close();

    const call = await until(
      async () => (await apiCalls()).find((c) => c.callId === shownId),
      10_000,
      () => `GET /api/v1/calls did not list ${shownId}, the call the stand-in page shows`,
    );
    expect(shownId).toMatch(/^sandbox:/);
    expect(clientNumber(call)).not.toBe('');
    expect(shownRow).toContain(clientNumber(call));
  }, 40_000);

  it('Swagger UI at /docs: the sandbox admin login, Authorize with the sandbox key, GET /api/v1/calls executes', async () => {
    expect((await fetch(`${apiUrl}/docs`)).status).toBe(401);
    const context = await chromium().newContext({
      viewport: VIEWPORT,
      httpCredentials: { username: SANDBOX_ADMIN.user, password: SANDBOX_ADMIN.password, origin: apiUrl },
    });
    // Generous: under the full suite's load Chromium takes a while to call a button stable.
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    expect((await page.goto(`${apiUrl}/docs`))?.status()).toBe(200);

    await page.getByRole('button', { name: 'Authorize' }).first().click();
    const dialog = page.locator('.modal-ux');
    await dialog.getByLabel('auth-bearer-value').fill(SANDBOX_API_KEY);
    await dialog.getByRole('button', { name: 'Apply credentials' }).click();
    await dialog.getByRole('button', { name: 'Remove authorization' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();

    const operation = page.locator('#operations-calls-CallHistory_list');
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    // The filters carry no examples, so "Try it out" asks for the whole history as it stands.
    await operation.getByRole('button', { name: 'Execute' }).click();

    const response = operation.locator('.live-responses-table .response');
    await response.first().waitFor();
    await page.screenshot({ path: resolve(SCREENSHOTS, 'swagger-calls.png') });
    const status = (await response.first().locator('.response-col_status').textContent())?.trim();
    const body = (await response.first().locator('.response-col_description pre').first().textContent()) ?? '';
    expect(`${status} ${body.slice(0, 300)}`).toMatch(/^200 /);
    const shown = (JSON.parse(body) as { items: ApiCall[] }).items.map((c) => c.callId);
    const listed = (await apiCalls()).map((c) => c.callId);
    expect(shown.length).toBeGreaterThan(0);
    expect(listed).toContain(shown[0]);
    await context.close();
  }, 60_000);
});
