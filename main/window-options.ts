import type { BrowserWindowConstructorOptions } from 'electron';
import { secureWebPreferences } from './security.js';

export interface ShellConfig {
  /** Kiosk: fullscreen, no frame, no menu, no way out but the power button. */
  kiosk: boolean;
  /** Fullscreen without kiosk (a bench screen); false = an ordinary window for development. */
  fullscreen: boolean;
  /** The demo config, or a real one (HOMEWARD_CONFIG). */
  configFile: string | null;
}

/** From the environment and argv: `--kiosk` / HOMEWARD_KIOSK=1, `--windowed` / HOMEWARD_WINDOWED=1, HOMEWARD_CONFIG. */
export function shellConfig(env: NodeJS.ProcessEnv, argv: readonly string[]): ShellConfig {
  const kiosk = argv.includes('--kiosk') || env.HOMEWARD_KIOSK === '1';
  const windowed = argv.includes('--windowed') || env.HOMEWARD_WINDOWED === '1';
  return { kiosk, fullscreen: kiosk || !windowed, configFile: env.HOMEWARD_CONFIG ?? null };
}

/** The one window: dark from the first frame (no white flash), shown when ready, locked down. */
export function windowOptions(config: ShellConfig, preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 720,
    minWidth: 1024,
    minHeight: 600,
    show: false,
    backgroundColor: '#000000',
    title: 'Homeward',
    kiosk: config.kiosk,
    fullscreen: config.fullscreen,
    frame: !config.kiosk,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath),
  };
}
