import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root folder. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The shared corpus: $HOMEWARD_CORPUS, else ../shared/corpus beside the checkout. */
export const corpusDir = process.env.HOMEWARD_CORPUS ?? path.resolve(repoRoot, '../shared/corpus');
