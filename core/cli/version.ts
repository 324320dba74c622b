import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRepoRoot } from '../base/repo-root.js';

/** The version in package.json. */
export async function readVersion(): Promise<string> {
  const root = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
