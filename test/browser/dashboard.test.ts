import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '../../core/api/server.js';
import { createRuntime, type Runtime } from '../../core/runtime/create-runtime.js';
import type { HomewardConfig } from '../../core/runtime/config/schema.js';
import { rendererDir } from '../../core/runtime/renderer-dir.js';
import { deviceConfig, readDevice, testConfig } from '../helpers/runtime-fixture.js';
import { eventually, headUnitContext, launchChromium, requireChromium, screenshot, smallTargets } from './browser-kit.js';

/**
 * The dashboard end to end: the real demo runtime (the simulated car driving home on the in-process
 * CAN bus, six simulated Mi Home devices on 127.88.0.2–7) served to Debian's Chromium at a head-unit
 * size with touch. Real time: the car drives at 10× speed (about 40 s).
 */
const ready = requireChromium();
const SPEED = 10;

describe.skipIf(!ready)('dashboard in Chromium against the demo runtime', () => {
  let dataDir: string;
  let config: HomewardConfig;
  let runtime: Runtime;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'homeward-browser-'));
    const base = await testConfig({ net: '127.88.0', can: 'demo' });
    config = { ...base, vehicle: { ...base.vehicle, speed: SPEED }, web: { ...base.web, enabled: true, host: '127.0.0.1', port: 0 } };
    runtime = await createRuntime(config, { services: { store: true, mqtt: false, web: true, webPort: 0, dataDir }, onUnexpectedError: (e) => errors.push(String(e)) });
    await runtime.start();
    browser = await launchChromium();
    const context = await headUnitContext(browser, { night: true });
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
    await page.goto(runtime.services!.webUrl!);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const text = (testId: string) => page.locator(`[data-testid="${testId}"]`).first().textContent();
  const tap = (testId: string) => page.locator(`[data-testid="${testId}"]`).first().tap();

  it('connects and shows one tile per simulated device, with its real state', async () => {
    await page.locator('[data-testid=connection][data-state=connected]').waitFor();
    for (const device of config.devices) await page.locator(`[data-testid="tile-${device.id}"][data-online=true]`).waitFor({ timeout: 20_000 });
    const plug = await readDevice(deviceConfig(config, 'plug'), ['power']);
    const shown = await page.locator('[data-testid="tile-plug-power"]').getAttribute('aria-pressed');
    expect(shown).toBe(String(plug.power));
    expect(await smallTargets(page, 48)).toEqual([]);
  });

  it('plays the drive: car panel and map update, controls lock while moving', async () => {
    // Polled through locators: the page's CSP refuses waitForFunction's string evaluation.
    await eventually(async () => Number(await text('car-speed-value')) > 5, { timeoutMs: 30_000, what: 'the car to drive' });
    await eventually(async () => ((await page.locator('[data-testid=map-track]').getAttribute('points')) ?? '').split(' ').length > 3, { timeoutMs: 20_000, what: 'a track on the map' });
    expect(await text('lock-banner')).toMatch(/Driving|Not in Park/);
    expect(await page.locator('[data-testid="tile-hallway_light-bright"]').isDisabled()).toBe(true);
    expect(await page.locator('[data-testid="tile-hallway_light-power"]').isDisabled()).toBe(false);
    await screenshot(page, 'driving-home-night');
  });

  it('a tap on a tile changes the simulated device, read back over miIO', async () => {
    const light = deviceConfig(config, 'hallway_light');
    const before = (await readDevice(light, ['power'])).power;
    await tap('tile-hallway_light-power');
    await eventually(async () => (await readDevice(light, ['power'])).power === !before, { timeoutMs: 10_000, what: 'the light to switch' });
    await page.locator(`[data-testid="tile-hallway_light-power"][aria-pressed="${String(!before)}"]`).waitFor({ timeout: 15_000 });
  });

  it('runs a scene with one tap, even while driving', async () => {
    await tap('tab-scenes');
    await tap('scene-leave_home');
    await page.locator('[data-testid="scene-leave_home-result"][data-ok=true]').waitFor({ timeout: 15_000 });
    const vacuum = await readDevice(deviceConfig(config, 'vacuum'), ['in_cleaning']);
    expect(vacuum.in_cleaning).toBe(true);
    expect(await page.locator('[data-testid^="automation-"][data-testid$="-toggle"]').first().isDisabled()).toBe(true);
  });

  it('unlocks when parked, shows the arrival on the timeline and opens its run trace', async () => {
    await eventually(async () => (await text('lock-banner')) === '', { timeoutMs: 90_000, what: 'the car to park' });
    await tap('tab-timeline');
    await page.locator('[data-testid="event-Home arrived"]').waitFor({ timeout: 15_000 });
    await page.locator('[data-automation=arrived_welcome]').first().tap({ timeout: 15_000 });
    await page.locator('[data-testid=trace-step-0]').waitFor({ timeout: 10_000 });
    expect(await text('trace-summary')).toMatch(/home\.arrived|event/i);
    expect(await page.locator('[data-testid="tile-hallway_light-bright"]').isDisabled()).toBe(false);
  }, 120_000);

  it('shows each automation\'s last run, and switches one off and on when parked', async () => {
    await tap('tab-scenes');
    expect(await text('automation-arrived_welcome')).toMatch(/last run .*Finished/);
    const toggle = page.locator('[data-testid="automation-left_tidy_up-toggle"]');
    await toggle.waitFor();
    expect(await toggle.isDisabled()).toBe(false);
    await toggle.tap();
    await page.locator('[data-testid="automation-left_tidy_up-toggle"][aria-pressed=false]').waitFor({ timeout: 10_000 });
    expect(runtime.api.snapshot().automations.find((a) => a.id === 'left_tidy_up')?.enabled).toBe(false);
    await page.locator('[data-testid="automation-left_tidy_up-toggle"]').tap();
    await page.locator('[data-testid="automation-left_tidy_up-toggle"][aria-pressed=true]').waitFor({ timeout: 10_000 });
  });

  it('saves screenshots of each panel, night and day, at 1280×720 and 1024×600', async () => {
    for (const theme of ['night', 'day'] as const) {
      // The theme button cycles auto → day → night (auto follows headlamps or the time of day).
      for (let taps = 0; taps < 3 && (await page.locator('body').getAttribute('data-theme')) !== theme; taps += 1) await tap('theme');
      expect(await page.locator('body').getAttribute('data-theme')).toBe(theme);
      for (const tab of ['home', 'scenes', 'timeline', 'charts']) {
        await tap(`tab-${tab}`);
        await page.locator(`[data-testid="${tab}-panel"]`).waitFor();
        await screenshot(page, `${tab}-${theme}`);
      }
    }
    await page.setViewportSize({ width: 1024, height: 600 });
    await tap('tab-home');
    await screenshot(page, 'home-day-1024x600');
    expect(await smallTargets(page, 48)).toEqual([]);
    await page.setViewportSize({ width: 1920, height: 720 });
    await screenshot(page, 'home-day-1920x720');
    expect(errors).toEqual([]);
  });

  it('refuses an unpaired screen on a non-loopback bind, and accepts the pairing code', async () => {
    const server = await startApiServer({ api: runtime.api, host: '0.0.0.0', port: 0, staticDir: rendererDir(), onUnexpectedError: (e) => errors.push(String(e)) });
    try {
      const context = await headUnitContext(browser);
      const unpaired = await context.newPage();
      await unpaired.goto(`http://127.0.0.1:${server.port}/`);
      await unpaired.locator('[data-testid=pairing]').waitFor({ state: 'visible', timeout: 15_000 });
      await screenshot(unpaired, 'pairing-night');
      expect(server.clientCount).toBe(0);
      await unpaired.locator('[data-testid=pairing-input]').fill(server.pairingToken!);
      await unpaired.locator('[data-testid=pairing-submit]').tap();
      await unpaired.locator('[data-testid=connection][data-state=connected]').waitFor({ timeout: 15_000 });
      expect(server.clientCount).toBe(1);
      await context.close();
    } finally {
      await server.stop();
    }
  }, 60_000);
});
