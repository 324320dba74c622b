import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRepoRoot } from '../../core/base/repo-root.js';

/** The project's root folder (from test/ and from dist/test/ alike). */
export const repoRoot = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));

/** The shared corpus: $HOMEWARD_CORPUS, else ../shared/corpus beside the checkout. */
export const corpusDir = process.env.HOMEWARD_CORPUS ?? path.resolve(repoRoot, '../shared/corpus');
