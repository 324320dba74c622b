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

/** No navigation away, no new windows, no permissions: the dashboard is one local page. */
export function lockDownContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler' | 'session'>, appUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (url !== appUrl) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}
