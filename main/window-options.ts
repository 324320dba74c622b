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

/**
 * The config's `dashboard.kiosk` / `dashboard.fullscreen`, overridden by argv and the environment:
 * `--kiosk` / HOMEWARD_KIOSK=1, `--windowed` / HOMEWARD_WINDOWED=1 (development); HOMEWARD_CONFIG.
 */
export function shellConfig(env: NodeJS.ProcessEnv, argv: readonly string[], fromConfig: { kiosk: boolean; fullscreen: boolean } = { kiosk: false, fullscreen: true }): ShellConfig {
  const kiosk = argv.includes('--kiosk') || env.HOMEWARD_KIOSK === '1' || (fromConfig.kiosk && env.HOMEWARD_KIOSK !== '0');
  const windowed = argv.includes('--windowed') || env.HOMEWARD_WINDOWED === '1';
  return { kiosk: kiosk && !windowed, fullscreen: !windowed && (kiosk || fromConfig.fullscreen), configFile: env.HOMEWARD_CONFIG ?? null };
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
