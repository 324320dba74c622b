import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, APP_URL } from './app-protocol.js';
import { PUSH_CHANNEL, REQUEST_CHANNEL } from './ipc.js';
import { startShell } from './shell.js';
import { FakeBrowserWindow, fakeElectron, fakeTimers } from './testing/fake-electron.js';
import { shellConfig } from './window-options.js';

const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'homeward-shell-'));
writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
afterAll(() => rmSync(rendererDir, { recursive: true, force: true }));

async function boot(options: { kiosk?: boolean; gotLock?: boolean } = {}) {
  const fake = fakeElectron({ gotLock: options.gotLock });
  const timers = fakeTimers();
  const config = shellConfig(options.kiosk ? { HOMEWARD_KIOSK: '1' } : {}, []);
  const window = await startShell(fake.electron, config, { mainDir: '/app/dist/main', rendererDir }, timers);
  return { ...fake, timers, window: window as unknown as FakeBrowserWindow | null };
}

const trustedFrame = { url: `${APP_ORIGIN}/index.html`, parent: null };

describe('the Electron shell', () => {
  it('quits when another instance holds the lock', async () => {
    const { window, calls } = await boot({ gotLock: false });
    expect(window).toBeNull();
    expect(calls.quit).toBe(1);
    expect(FakeBrowserWindow.created).toHaveLength(0);
  });

  it('opens one locked-down kiosk window on app://, without a menu, shown when ready', async () => {
    const { window, calls } = await boot({ kiosk: true });
    if (!window) throw new Error('no window');
    expect(FakeBrowserWindow.created).toHaveLength(1);
    expect(window.options).toMatchObject({ kiosk: true, fullscreen: true, frame: false, show: false, backgroundColor: '#000000' });
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false,
      webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, devTools: false, preload: '/app/dist/main/preload.cjs',
    });
    expect(calls.sandbox).toBe(1);
    expect(calls.menu).toEqual([null]);
    expect(calls.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(window.loadedUrl).toBe(APP_URL);
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('is fullscreen but not kiosk by default, and windowed on request', () => {
    expect(shellConfig({}, [])).toMatchObject({ kiosk: false, fullscreen: true });
    expect(shellConfig({ HOMEWARD_WINDOWED: '1' }, [])).toMatchObject({ kiosk: false, fullscreen: false });
    expect(shellConfig({}, ['--kiosk'])).toMatchObject({ kiosk: true, fullscreen: true });
    expect(shellConfig({}, [], { kiosk: true, fullscreen: false })).toMatchObject({ kiosk: true, fullscreen: true });
    expect(shellConfig({}, [], { kiosk: false, fullscreen: false })).toMatchObject({ kiosk: false, fullscreen: false });
    expect(shellConfig({ HOMEWARD_KIOSK: '0' }, [], { kiosk: true, fullscreen: true })).toMatchObject({ kiosk: false });
  });

  it('blocks navigation away, new windows, webviews and every permission', async () => {
    const { app, permission } = await boot();
    const contents = FakeBrowserWindow.created[0].webContents;
    app.emit('web-contents-created', {}, contents);
    expect(contents.navigate('https://example.com/')).toBe(true);
    expect(contents.navigate('app://homeward.evil.example/')).toBe(true);
    expect(contents.navigate(`${APP_ORIGIN}/other.html`)).toBe(false);
    expect(contents.navigate('file:///etc/passwd', 'will-redirect')).toBe(true);
    expect(contents.navigate('https://example.com/', 'will-frame-navigate')).toBe(true);
    expect(contents.navigate('x', 'will-attach-webview')).toBe(true);
    expect(contents.openHandler?.()).toEqual({ action: 'deny' });
    let granted: boolean | null = null;
    permission.request?.(null, 'geolocation', (ok) => { granted = ok; });
    expect(granted).toBe(false);
    expect(permission.check?.()).toBe(false);
  });

  it('serves the page from app:// with the CSP, and nothing outside the bundle', async () => {
    const { protocolHandlers } = await boot();
    const handle = protocolHandlers.get('app')!;
    const page = await handle({ url: APP_URL, method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await handle({ url: `${APP_ORIGIN}/..%2F..%2Fetc%2Fpasswd`, method: 'GET' })).status).toBe(404);
    expect((await handle({ url: 'app://other/index.html', method: 'GET' })).status).toBe(404);
    expect((await handle({ url: APP_URL, method: 'POST' })).status).toBe(405);
  });

  it('answers IPC only from our main frame, validates it, and forwards it to the core with its own ids', async () => {
    const { ipcHandlers, children } = await boot();
    const handle = ipcHandlers.get(REQUEST_CHANNEL)!;
    const core = children[0];
    expect(core.serviceName).toBe('homeward-core');
    core.reply({ kind: 'ready' });
    expect(await handle({ senderFrame: { url: 'https://evil.example/', parent: null } }, 1, 'snapshot', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await handle({ senderFrame: { ...trustedFrame, parent: {} } }, 1, 'snapshot', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await handle({ senderFrame: trustedFrame }, 2, 'device.set', { device: 1 })).toMatchObject({ id: 2, ok: false, error: { code: 'bad_params' } });
    expect(await handle({ senderFrame: trustedFrame }, 3, 'shell.openExternal', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    const answer = handle({ senderFrame: trustedFrame }, 7, 'scene.run', { scene: 'welcome' }) as Promise<unknown>;
    const sent = core.received.at(-1);
    expect(sent).toEqual({ kind: 'request', message: { id: 1, method: 'scene.run', params: { scene: 'welcome' } } });
    core.reply({ kind: 'server', message: { type: 'response', id: 1, ok: true, result: { scene: 'welcome', ok: true, steps: [] } } });
    expect(await answer).toEqual({ type: 'response', id: 7, ok: true, result: { scene: 'welcome', ok: true, steps: [] } });
  });

  it('restarts a crashed core without losing the window, and tells the page to resync', async () => {
    const { ipcHandlers, children, timers, window } = await boot();
    const handle = ipcHandlers.get(REQUEST_CHANNEL)!;
    children[0].reply({ kind: 'ready' });
    const inFlight = handle({ senderFrame: trustedFrame }, 1, 'snapshot', {}) as Promise<unknown>;
    children[0].emit('exit', 139);
    children[0].emit('exit', 139); // Electron may report one death twice
    expect(await inFlight).toMatchObject({ id: 1, ok: false, error: { code: 'core_restarting' } });
    expect(timers.runDue()).toBe(1);
    expect(children).toHaveLength(2);
    const queued = handle({ senderFrame: trustedFrame }, 2, 'snapshot', {}) as Promise<unknown>;
    children[1].reply({ kind: 'ready' });
    // The start message (the store key) first, then the request queued while the core restarted.
    expect(children[1].received.map((m) => m.kind)).toEqual(['start', 'request']);
    expect(window!.webContents.sent).toContainEqual({ channel: PUSH_CHANNEL, message: { type: 'resync', reason: 'core restarted' } });
    children[1].reply({ kind: 'server', message: { type: 'response', id: 2, ok: true, result: {} } });
    expect(await queued).toMatchObject({ id: 2, ok: true });
    expect(FakeBrowserWindow.created).toHaveLength(1);
  });

  it('does not restart a core that cannot start, and answers with its reason', async () => {
    const { ipcHandlers, children, timers } = await boot();
    const handle = ipcHandlers.get(REQUEST_CHANNEL)!;
    const waiting = handle({ senderFrame: trustedFrame }, 1, 'snapshot', {}) as Promise<unknown>;
    children[0].reply({ kind: 'fatal', code: 'config', message: 'demo.yaml:3: home: required' });
    expect(await waiting).toMatchObject({ id: 1, ok: false, error: { code: 'core_failed', message: expect.stringContaining('demo.yaml:3') } });
    children[0].emit('exit', 78);
    expect(timers.runDue()).toBe(0);
    expect(children).toHaveLength(1);
    expect(await handle({ senderFrame: trustedFrame }, 2, 'snapshot', {})).toMatchObject({ id: 2, ok: false, error: { code: 'core_failed' } });
  });

  it('forwards pushed updates to the window', async () => {
    const { children, window } = await boot();
    children[0].reply({ kind: 'ready' });
    const update = { type: 'update' as const, update: { topic: 'events' as const, event: { name: 'home.arrived', ts: 1, evidence: {} } } };
    children[0].reply({ kind: 'server', message: update });
    expect(window!.webContents.sent).toContainEqual({ channel: PUSH_CHANNEL, message: update });
  });

  it('reloads the page when its renderer dies, crashes a hung one, and never loops on launch failure', async () => {
    const { timers, window } = await boot();
    const contents = window!.webContents;
    contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 11 });
    timers.runDue();
    expect(contents.reloads).toBe(1);
    contents.emit('render-process-gone', {}, { reason: 'launch-failed', exitCode: 0 });
    expect(timers.runDue()).toBe(0);
    contents.emit('unresponsive');
    expect(contents.crashes).toBe(1);
  });
});
