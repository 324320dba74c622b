// Electron main: thin. The shell (shell.ts) makes one locked-down window; the core runs in a
// utility process (core-process.ts), see ARCHITECTURE.md "The dashboard's two transports, and where the core runs".
import { app, BrowserWindow, ipcMain, Menu, nativeTheme, protocol, safeStorage, session, utilityProcess } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startShell, type ShellElectron } from './shell.js';
import { shellConfig, type ShellConfig } from './window-options.js';

// Named imports: the form Electron documents for an ES module main.
const electron: ShellElectron = { app, BrowserWindow, ipcMain, Menu, nativeTheme, protocol, safeStorage, session, utilityProcess };
const here = path.dirname(fileURLToPath(import.meta.url));
// Packaged, the demo config and the demo EV's files are resources beside app.asar
// (electron-builder.yml extraResources); the utility process inherits the environment.
if (app.isPackaged) {
  process.env.HOMEWARD_DEMO_CONFIG ??= path.join(process.resourcesPath, 'config', 'demo.yaml');
  process.env.HOMEWARD_DEMO_DIR ??= path.join(process.resourcesPath, 'demo');
}
const rendererDir = process.env.HOMEWARD_RENDERER_DIR ?? path.resolve(here, '../renderer');

/** The window's kiosk/fullscreen from the config's `dashboard:`; a config that fails to load is the
 * core's to report (it shows in the window), so the shell falls back to the defaults. */
async function configuredShell(): Promise<ShellConfig> {
  try {
    const [{ loadConfig }, { demoConfigPath }] = await Promise.all([import('../core/runtime/config/load-config.js'), import('../core/runtime/demo-config.js')]);
    const { config } = await loadConfig(process.env.HOMEWARD_CONFIG ?? demoConfigPath());
    return shellConfig(process.env, process.argv, config.dashboard);
  } catch {
    return shellConfig(process.env, process.argv);
  }
}

void startShell(electron, configuredShell(), { mainDir: here, rendererDir }).catch((error: unknown) => {
  console.error('homeward: the shell failed to start:', error);
  app.quit();
});
