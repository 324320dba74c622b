import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { contentTypeFor } from './security-headers.js';

export type StaticFile = { ok: true; body: Buffer; contentType: string } | { ok: false; status: 400 | 404 };

/**
 * Reads the file a URL path names inside `rootDir` (the built dashboard); `/` is index.html. Paths that
 * resolve outside the root (`..`, encoded or not), hidden files and anything but a regular file are refused.
 */
export async function readStaticFile(rootDir: string, urlPath: string): Promise<StaticFile> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return { ok: false, status: 400 };
  }
  if (decoded.includes('\0') || !decoded.startsWith('/')) return { ok: false, status: 400 };
  const root = path.resolve(rootDir);
  const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
  const file = path.resolve(root, relative);
  if (!file.startsWith(root + path.sep)) return { ok: false, status: 404 };
  if (path.relative(root, file).split(path.sep).some((part) => part.startsWith('.'))) return { ok: false, status: 404 };
  try {
    const info = await stat(file);
    if (!info.isFile()) return { ok: false, status: 404 };
    return { ok: true, body: await readFile(file), contentType: contentTypeFor(path.extname(file)) };
  } catch {
    return { ok: false, status: 404 };
  }
}
