import { describe, expect, it } from 'vitest';
import { lockDownContents, secureWebPreferences } from './security.js';

// A small named fake of the WebContents surface lockDownContents touches (Electron cannot run here).
function fakeWebContents() {
  const listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
  let openHandler: (() => { action: string }) | undefined;
  let permissionHandler: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
  let permissionCheck: (() => boolean) | undefined;
  return {
    on: (name: string, listener: (event: { preventDefault(): void }, url: string) => void) => listeners.set(name, listener),
    setWindowOpenHandler: (handler: () => { action: string }) => { openHandler = handler; },
    session: {
      setPermissionRequestHandler: (h: typeof permissionHandler) => { permissionHandler = h; },
      setPermissionCheckHandler: (h: typeof permissionCheck) => { permissionCheck = h; },
    },
    navigate(url: string, event = 'will-navigate'): boolean {
      let prevented = false;
      listeners.get(event)?.({ preventDefault: () => { prevented = true; } }, url);
      return prevented;
    },
    checkPermission: () => permissionCheck?.() ?? true,
    openWindow: () => openHandler?.(),
    askPermission(name: string): boolean {
      let granted = true;
      permissionHandler?.(null, name, (ok) => { granted = ok; });
      return granted;
    },
  };
}

describe('main/security', () => {
  it('isolates the page from Node', () => {
    const prefs = secureWebPreferences('/p.cjs');
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
  });

  it('blocks navigation away, new windows and permission requests', () => {
    const contents = fakeWebContents();
    lockDownContents(contents as never, 'file:///app/index.html');
    expect(contents.navigate('https://example.com/')).toBe(true);
    expect(contents.navigate('file:///app/index.html')).toBe(false);
    expect(contents.navigate('https://example.com/', 'will-redirect')).toBe(true);
    expect(contents.openWindow()).toEqual({ action: 'deny' });
    expect(contents.askPermission('geolocation')).toBe(false);
    expect(contents.checkPermission()).toBe(false);
  });
});
