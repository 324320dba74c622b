import os from 'node:os';
import path from 'node:path';

/** The XDG data directory: $XDG_DATA_HOME/homeward, else ~/.local/share/homeward. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_DATA_HOME;
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  if (xdg !== undefined && path.isAbsolute(xdg)) return path.join(xdg, 'homeward');
  return path.join(env.HOME ?? os.homedir(), '.local', 'share', 'homeward');
}

/** The database file in the default data directory. */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(defaultDataDir(env), DATABASE_FILE);
}

export const DATABASE_FILE = 'homeward.db';
/** The fallback key for secrets, beside the database. */
export const KEY_FILE = 'store.key';
