import type { App, BrowserWindow, BrowserWindowConstructorOptions, IpcMain, Menu, NativeTheme, Protocol, Session, UtilityProcess } from 'electron';
import path from 'node:path';
import { APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, APP_URL, appResponse } from './app-protocol.js';
import type { CoreChild } from './core-host.js';
import { createCoreHost } from './core-host.js';
import { PUSH_CHANNEL, registerIpc } from './ipc.js';
import { watchRenderer } from './renderer-watch.js';
import { denyPermissions, lockDownContents } from './security.js';
import { loadStoreKey, type KeyStorage } from './store-key.js';
import { windowOptions, type ShellConfig } from './window-options.js';

/** The Electron modules the shell uses: the real ones in main/index.ts, small fakes in tests. */
export interface ShellElectron {
  app: Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on' | 'whenReady' | 'enableSandbox'> & Partial<Pick<App, 'getPath'>>;
  /** The OS keyring for the store's key; absent in tests that do not need it. */
  safeStorage?: KeyStorage;
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  Menu: Pick<typeof Menu, 'setApplicationMenu'>;
  protocol: Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle'>;
  ipcMain: Pick<IpcMain, 'handle'>;
  session: { defaultSession: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> };
  utilityProcess: { fork(modulePath: string, args?: string[], options?: { serviceName?: string; stdio?: 'inherit' | 'ignore' | 'pipe' }): UtilityProcess };
  nativeTheme: Pick<NativeTheme, 'themeSource'>;
}

export interface ShellPaths {
  /** dist/main: holds preload.cjs and core-process.js. */
  mainDir: string;
  /** The built dashboard (dist/renderer). */
  rendererDir: string;
}

/**
 * One locked-down window on app://, single instance, no menu, the core in a utility process
 * restarted on a crash, the renderer reloaded if its process dies. Returns the window once ready.
 */
/** Main's timers (main is not core/: wall time is fine; tests pass a hand-driven one). */
export interface ShellTimers {
  now(): Date;
  after(ms: number, callback: () => void): unknown;
  every(ms: number, callback: () => void): unknown;
}

const wallTimers: ShellTimers = {
  now: () => new Date(),
  after: (ms, callback) => setTimeout(callback, ms),
  every: (ms, callback) => setInterval(callback, ms),
};

export function startShell(electron: ShellElectron, config: ShellConfig | Promise<ShellConfig>, paths: ShellPaths, timers: ShellTimers = wallTimers): Promise<BrowserWindow | null> {
  const { app } = electron;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return Promise.resolve(null);
  }
  app.enableSandbox();
  electron.protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  // No application menu at all (no Alt menu in kiosk, faster start).
  electron.Menu.setApplicationMenu(null);
  let window: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('window-all-closed', () => app.quit());
  // Every webContents, including any a bug might create, gets the same locks.
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, APP_ORIGIN));

  // Privileged schemes must be registered before `ready`; the config may still be loading then.
  return Promise.all([app.whenReady(), config]).then(([, shell]) => {
    denyPermissions(electron.session.defaultSession);
    electron.protocol.handle(APP_SCHEME, (request) => appResponse(request, paths.rendererDir));
    const setTheme = () => {
      const hour = timers.now().getHours();
      electron.nativeTheme.themeSource = hour >= 7 && hour < 19 ? 'light' : 'dark';
    };
    setTheme();
    timers.every(60_000, setTheme);

    const storeKey = electron.safeStorage && electron.app.getPath ? loadStoreKey(electron.safeStorage, electron.app.getPath('userData')) : null;
    const win = (window = new electron.BrowserWindow(windowOptions(shell, path.join(paths.mainDir, 'preload.cjs'))));
    const core = createCoreHost({
      fork: () => {
        const child = electron.utilityProcess.fork(path.join(paths.mainDir, 'core-process.js'), [], { serviceName: 'homeward-core', stdio: 'inherit' }) as unknown as CoreChild;
        child.postMessage({ kind: 'start', storeKeyHex: storeKey?.toString('hex') ?? null });
        return child;
      },
      onPush: (message) => {
        if (!win.isDestroyed()) win.webContents.send(PUSH_CHANNEL, message);
      },
      onStatus: (status) => console.error(`homeward: ${status}`),
      setTimer: (callback, ms) => timers.after(ms, callback),
    });
    registerIpc(electron.ipcMain, APP_ORIGIN, core);
    watchRenderer(win.webContents, { log: (line) => console.error(`homeward: ${line}`), setTimer: (callback, ms) => timers.after(ms, callback) });
    app.on('before-quit', () => core.stop());
    win.once('ready-to-show', () => win.show());
    void win.loadURL(APP_URL);
    return win;
  });
}
