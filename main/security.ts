import type { Session, WebContents, WebPreferences } from 'electron';

/** The only web preferences a Homeward window gets (Electron's security checklist). */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: false,
  };
}

type LockableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;
type NavigationEvent = { preventDefault(): void; url?: string };

/**
 * A URL's scheme and host, `app://homeward`: Node's URL gives non-special schemes the origin "null",
 * so origins are compared as parsed scheme + host (never a string prefix: `app://homeward.evil`).
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host === '' ? null : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/** Whether a URL belongs to the app's origin. */
export function isAppUrl(url: string, appOrigin: string): boolean {
  const origin = originOf(url);
  return origin !== null && origin === originOf(appOrigin);
}

/** No navigation or redirect away, no new windows, no <webview>: the dashboard is one local page. */
export function lockDownContents(contents: LockableContents, appOrigin: string): void {
  const stayHome = (event: NavigationEvent, url?: string): void => {
    if (!isAppUrl(url ?? event.url ?? '', appOrigin)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome as never);
  contents.on('will-frame-navigate', stayHome as never);
  contents.on('will-redirect', stayHome as never);
  contents.on('will-attach-webview', ((event: NavigationEvent) => event.preventDefault()) as never);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Every permission request and check refused (camera, geolocation, notifications, …). */
export function denyPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
