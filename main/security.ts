import type { WebContents, WebPreferences } from 'electron';

/** The only web preferences a Homeward window gets (Electron's security checklist). */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    spellcheck: false,
  };
}

type LockableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler' | 'session'>;

/** No navigation or redirect away, no new windows, no permissions: the dashboard is one local page. */
export function lockDownContents(contents: LockableContents, appUrl: string): void {
  const stayHome = (event: { preventDefault(): void }, url: string): void => {
    if (url !== appUrl) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
}
