import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root: the nearest folder holding package.json (works from test/ and from dist/test/). */
function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const repoRoot = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));

/** The shared corpus: $HOMEWARD_CORPUS, else ../shared/corpus beside the checkout. */
export const corpusDir = process.env.HOMEWARD_CORPUS ?? path.resolve(repoRoot, '../shared/corpus');
