import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's package; the tests never download a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Chromium's own fetches (updates, sync, field trials, QUIC probes) would hang it on a network without internet. */
const OFFLINE_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Headless Chromium with a fresh temporary profile (Playwright makes one per launch and deletes it on close). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: apt-get install chromium; scripts/services.sh does it`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: OFFLINE_FLAGS, timeout: 30_000 });
}
