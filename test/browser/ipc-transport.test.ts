import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientSession } from '../../core/api/client-session.js';
import type { ServerMessage } from '../../core/api/protocol.js';
import { startApiServer, type ApiServer } from '../../core/api/server.js';
import { FakeRuntimeApi } from '../../core/api/testing/fake-runtime-api.js';
import { rendererDir } from '../../core/runtime/renderer-dir.js';
import { APP_ORIGIN, APP_URL } from '../../main/app-protocol.js';
import type { FromCore, ToCore } from '../../main/core-channel.js';
import { createCoreHost, type CoreChild } from '../../main/core-host.js';
import { registerIpc, REQUEST_CHANNEL } from '../../main/ipc.js';
import { REPO_ROOT } from '../helpers/runtime-fixture.js';
import { headUnitContext, launchChromium, requireChromium } from './browser-kit.js';

/**
 * The Electron path without Electron: the built dashboard in Chromium, `window.homeward` made by the
 * real preload source (with a FAKE contextBridge/ipcRenderer that forward to Node), main's real IPC
 * handler and core host, and a ClientSession in process standing in for the utility process. The
 * page must work exactly as over the WebSocket: one transport interface.
 */
const ready = requireChromium();

/** The utility process, in process: the same ClientSession core-process.ts runs. */
function inProcessCore(api: FakeRuntimeApi): CoreChild {
  const events = new EventEmitter();
  const session = new ClientSession({ api, send: (message) => events.emit('message', { kind: 'server', message } satisfies FromCore), onUnexpectedError: (e) => { throw e; } });
  queueMicrotask(() => events.emit('message', { kind: 'ready' } satisfies FromCore));
  return {
    postMessage: (message: ToCore) => { if (message.kind === 'request') session.receive(message.message); },
    on: (event: string, listener: (...args: unknown[]) => void) => events.on(event, listener),
    kill: () => { session.close(); return true; },
  } as CoreChild;
}

function preloadForPage(): string {
  const source = readFileSync(path.join(REPO_ROOT, 'main', 'preload.cts'), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  // The FAKE Electron renderer modules: invoke goes to Node (exposed function), pushes come back
  // through __homewardPush. The preload itself is the committed file.
  return `(() => {
    const electron = {
      contextBridge: { exposeInMainWorld: (key, value) => { window[key] = value; } },
      ipcRenderer: {
        invoke: (channel, ...args) => window.__homewardInvoke(channel, ...args),
        on: (channel, listener) => { window.__homewardPush = (message) => listener({ sender: 'hidden' }, message); },
      },
    };
    const module = { exports: {} };
    const require = (name) => { if (name !== 'electron') throw new Error(name); return electron; };
    (function (module, exports, require) { ${js} })(module, module.exports, require);
  })();`;
}

describe.skipIf(!ready)('the dashboard over the Electron IPC path (preload → ipc → core host → session)', () => {
  let browser: Browser;
  let server: ApiServer;
  const api = new FakeRuntimeApi();

  beforeAll(async () => {
    // Static files only: the page never opens the WebSocket when window.homeward exists.
    server = await startApiServer({ api, host: '127.0.0.1', port: 0, staticDir: rendererDir(), onUnexpectedError: (e) => { throw e; } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('loads, shows the devices, sends a tap through main and receives pushes', async () => {
    const context = await headUnitContext(browser);
    const page = await context.newPage();
    const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<ServerMessage>>();
    const pushes: ServerMessage[] = [];
    const core = createCoreHost({
      fork: () => inProcessCore(api),
      onPush: (message) => {
        pushes.push(message);
        void page.evaluate(`window.__homewardPush(${JSON.stringify(message)})`);
      },
      onStatus: () => undefined,
    });
    registerIpc({ handle: (channel: string, handler: never) => void handlers.set(channel, handler) } as never, APP_ORIGIN, core);
    await page.exposeFunction('__homewardInvoke', (channel: string, id: number, method: string, params: unknown) =>
      handlers.get(channel)!({ senderFrame: { url: APP_URL, parent: null } }, id, method, params));
    await context.addInitScript(preloadForPage());
    await page.goto(server.url);

    await page.locator('[data-testid=connection][data-state=connected]').waitFor();
    expect(await page.locator('[data-testid=connection]').textContent()).toContain('app');
    expect(server.clientCount).toBe(0);
    await page.locator('[data-testid="tile-hall_light-power"]').tap();
    await page.locator('[data-testid="tile-hall_light-power"][aria-pressed=true]').waitFor();
    expect(api.calls.filter((c) => c.method === 'device.set')).toEqual([{ method: 'device.set', params: { device: 'hall_light', property: 'power', value: true } }]);
    expect(pushes.some((m) => m.type === 'update' && m.update.topic === 'devices')).toBe(true);
    expect(handlers.has(REQUEST_CHANNEL)).toBe(true);
    core.stop();
    await context.close();
  });
});
