import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface OpenKioskOptions {
  env?: NodeJS.ProcessEnv;
  /** Default: Debian's /usr/bin/chromium. */
  chromiumPath?: string;
  /** Default: process.getuid() (Chromium refuses to run as root without --no-sandbox). */
  uid?: number;
}

/** Chromium's flags for a head-unit kiosk: one app window, no first-run UI, no background traffic. */
export function kioskArgs(url: string, options: { userDataDir: string; root: boolean }): string[] {
  return [
    '--kiosk',
    `--app=${url}`,
    '--noerrdialogs',
    '--disable-session-crashed-bubble',
    '--disable-infobars',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-translate',
    '--password-store=basic',
    `--user-data-dir=${options.userDataDir}`,
    // Running as root is not supported with the sandbox on; say so rather than fail.
    ...(options.root ? ['--no-sandbox'] : []),
  ];
}

/**
 * Opens the dashboard in Chromium's kiosk (`--kiosk --app=URL`) when a Chromium is installed and a
 * display is there; returns the browser process, or the reason it did not open one.
 */
export function openKiosk(url: string, options: OpenKioskOptions = {}): ChildProcess | string {
  const env = options.env ?? process.env;
  const chromium = options.chromiumPath ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) return `no Chromium at ${chromium} (apt-get install chromium)`;
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return 'no display ($DISPLAY and $WAYLAND_DISPLAY are unset)';
  const uid = options.uid ?? process.getuid?.() ?? -1;
  const userDataDir = path.join(env.XDG_RUNTIME_DIR ?? os.tmpdir(), 'homeward-kiosk');
  const child = spawn(chromium, kioskArgs(url, { userDataDir, root: uid === 0 }), { env, stdio: 'ignore', detached: false });
  // A browser that fails to start must not take the runtime down.
  child.on('error', () => undefined);
  return child;
}
