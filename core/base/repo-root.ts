import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The nearest folder at or above `start` holding package.json: the repository root, whether the
 * code runs from its sources or compiled under dist/ (which has no package.json).
 */
export function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}
