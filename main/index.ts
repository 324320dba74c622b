// Electron main: lifecycle and one locked-down fullscreen window. The core runs in plain Node;
// this file stays thin (see ARCHITECTURE.md).
import { app, BrowserWindow } from 'electron';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { lockDownContents, secureWebPreferences } from './security.js';

const here = path.dirname(fileURLToPath(import.meta.url));

let mainWindow: BrowserWindow | undefined;

function createWindow(): void {
  const page = path.resolve(here, '../../renderer/index.html');
  const appUrl = pathToFileURL(page).href;
  const window = (mainWindow = new BrowserWindow({
    fullscreen: process.env.HOMEWARD_WINDOWED !== '1',
    backgroundColor: '#0b0f14',
    webPreferences: secureWebPreferences(path.join(here, 'preload.cjs')),
  }));
  lockDownContents(window.webContents, appUrl);
  void window.loadURL(appUrl);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('window-all-closed', () => app.quit());
  // A second launch (a tap on the launcher) brings the running dashboard forward.
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  void app.whenReady().then(createWindow);
}
