import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRepoRoot } from '../../core/base/repo-root.js';

/** The project's root folder (from test/ and from dist/test/ alike). */
export const repoRoot = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));

/** The shared corpus: $HOMEWARD_CORPUS, else ../shared/corpus beside the checkout. */
export const corpusDir = process.env.HOMEWARD_CORPUS ?? path.resolve(repoRoot, '../shared/corpus');

type CorpusSignals = Record<string, number | string>;

/** One frame of a corpus `<name>.expected[-choices].json` (cantools' decode; see the corpus README). */
export interface CorpusExpectedFrame {
  line: number;
  ts: string;
  channel: string;
  id: number;
  extended: boolean;
  fd: boolean;
  fd_flags?: number;
  data: string;
  message: string | null;
  signals?: CorpusSignals | null;
  raw?: CorpusSignals;
  partial?: CorpusSignals;
  error?: string;
  note?: string;
  unknown?: boolean;
  error_frame?: boolean;
  remote?: boolean;
}

/** A corpus `<name>.expected[-choices].json` file. */
export interface CorpusExpected {
  dbc: string;
  frames: CorpusExpectedFrame[];
}
