import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRepoRoot } from '../base/repo-root.js';

/** The dashboard's built files (Vite's output): beside the app when packaged, else under dist/. */
export function rendererDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HOMEWARD_RENDERER_DIR) return env.HOMEWARD_RENDERER_DIR;
  const root = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
  const built = join(root, 'dist', 'renderer');
  return existsSync(built) ? built : join(root, 'renderer');
}
