import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { requirePeer } from '../helpers/peers.js';
import { REPO_ROOT } from '../helpers/runtime-fixture.js';
import { pause } from '../helpers/wait-for.js';

/** Debian's Chromium, driven by playwright-core (never `playwright install`: no downloads here). */
export const CHROMIUM = '/usr/bin/chromium';

/** Whether Chromium is here; a loud skip otherwise, a failure under CI=true (test/helpers/peers.ts). */
export function requireChromium(): boolean {
  return requirePeer('chromium', existsSync(CHROMIUM), 'apt-get install -y chromium');
}

/** Playwright adds --headless, --no-sandbox (we run as root), --disable-background-networking, … */
export const CHROMIUM_ARGS = ['--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A head unit: landscape 1280×720 (or given), touch, day or night. */
export function headUnitContext(browser: Browser, options: { width?: number; height?: number; night?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 720 },
    hasTouch: true,
    isMobile: false,
    colorScheme: options.night === false ? 'light' : 'dark',
    reducedMotion: 'reduce',
  });
}

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-output', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  return file;
}

/** Interactive elements smaller than `minPx` in either direction (visible ones only). */
export async function smallTargets(page: Page, minPx: number): Promise<string[]> {
  // Page-side code as text: the test project has no DOM types.
  return page.evaluate(`(() => {
    const small = [];
    for (const element of document.querySelectorAll('button, input, select, a[href]')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.width < ${minPx} || box.height < ${minPx}) small.push((element.dataset.testid ?? element.tagName) + ' ' + Math.round(box.width) + 'x' + Math.round(box.height));
    }
    return small;
  })()`);
}

/** Polls an async probe (a miIO read, a page query) until it holds; real sockets, so real time. */
export async function eventually(probe: () => Promise<boolean>, options: { timeoutMs: number; what: string }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}`);
    await pause(100);
  }
}
