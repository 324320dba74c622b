// FAKES of the Electron modules the shell touches (Electron's binary cannot run here). Each records
// what main did and lets a test play Electron's side (events, IPC, process deaths). Tests only.
import { EventEmitter } from 'node:events';
import type { BrowserWindowConstructorOptions } from 'electron';
import type { FromCore, ToCore } from '../core-channel.js';
import type { ShellElectron, ShellTimers } from '../shell.js';

export class FakeWebContents extends EventEmitter {
  readonly sent: { channel: string; message: unknown }[] = [];
  reloads = 0;
  crashes = 0;
  openHandler: (() => { action: string }) | null = null;
  setWindowOpenHandler(handler: () => { action: string }): void {
    this.openHandler = handler;
  }
  send(channel: string, message: unknown): void {
    this.sent.push({ channel, message });
  }
  reload(): void {
    this.reloads += 1;
  }
  forcefullyCrashRenderer(): void {
    this.crashes += 1;
  }
  /** Plays a navigation event; true when main prevented it. */
  navigate(url: string, event = 'will-navigate'): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => { prevented = true; }, url }, url);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  shown = false;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  isDestroyed(): boolean {
    return false;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
}

export class FakeUtilityProcess extends EventEmitter {
  readonly received: ToCore[] = [];
  killed = false;
  constructor(readonly modulePath: string, readonly serviceName: string | undefined) {
    super();
  }
  postMessage(message: ToCore): void {
    this.received.push(message);
  }
  kill(): boolean {
    this.killed = true;
    return true;
  }
  /** The core's side: send a message to main. */
  reply(message: FromCore): void {
    this.emit('message', message);
  }
}

type IpcHandler = (event: unknown, ...args: unknown[]) => unknown;

/** A whole fake Electron: `electron` for startShell, plus what each fake recorded. */
export function fakeElectron(options: { gotLock?: boolean } = {}) {
  FakeBrowserWindow.created = [];
  const app = new EventEmitter() as EventEmitter & Record<string, unknown>;
  const calls = { quit: 0, sandbox: 0, menu: [] as unknown[], schemes: [] as unknown[] };
  const protocolHandlers = new Map<string, (request: { url: string; method: string }) => Promise<Response>>();
  const ipcHandlers = new Map<string, IpcHandler>();
  const permission = { request: null as null | ((c: unknown, p: string, cb: (ok: boolean) => void) => void), check: null as null | (() => boolean) };
  const children: FakeUtilityProcess[] = [];
  const nativeTheme = { themeSource: 'system' as 'system' | 'light' | 'dark' };
  Object.assign(app, {
    requestSingleInstanceLock: () => options.gotLock ?? true,
    quit: () => void (calls.quit += 1),
    whenReady: () => Promise.resolve(),
    enableSandbox: () => void (calls.sandbox += 1),
  });
  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    Menu: { setApplicationMenu: (menu: unknown) => void calls.menu.push(menu) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => void calls.schemes.push(...schemes),
      handle: (scheme: string, handler: (request: { url: string; method: string }) => Promise<Response>) => void protocolHandlers.set(scheme, handler),
    },
    ipcMain: { handle: (channel: string, handler: IpcHandler) => void ipcHandlers.set(channel, handler) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: typeof permission.request) => void (permission.request = h),
        setPermissionCheckHandler: (h: typeof permission.check) => void (permission.check = h),
      },
    },
    utilityProcess: {
      fork: (modulePath: string, _args?: string[], forkOptions?: { serviceName?: string }) => {
        const child = new FakeUtilityProcess(modulePath, forkOptions?.serviceName);
        children.push(child);
        return child;
      },
    },
    nativeTheme,
  } as unknown as ShellElectron;
  return { electron, app, calls, protocolHandlers, ipcHandlers, permission, children, nativeTheme };
}

/** Hand-driven timers: nothing runs until runDue(). */
export function fakeTimers(date = new Date(2026, 11, 1, 12, 0)) {
  const due: { ms: number; callback: () => void }[] = [];
  const timers: ShellTimers & { runDue(): number; readonly pending: number } = {
    now: () => date,
    after: (ms, callback) => void due.push({ ms, callback }),
    every: () => undefined,
    runDue() {
      const batch = due.splice(0);
      batch.forEach((entry) => entry.callback());
      return batch.length;
    },
    get pending() {
      return due.length;
    },
  };
  return timers;
}
