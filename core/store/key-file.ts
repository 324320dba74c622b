import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError, toStoreError } from './errors.js';
import { KEY_BYTES } from './secret-box.js';

/**
 * The fallback key for secrets when Electron's safeStorage gives none: 32 random bytes in a 0600 file
 * beside the database. Created atomically without clobbering: written and fsynced under a temporary
 * name opened with O_EXCL, then hard-linked to its name (link fails if another process won the race,
 * and we read theirs). A key readable by group or others, or not ours, is refused. This only stops
 * casual reads and leaked backups, not malware running as the same user or root.
 */
export function loadOrCreateKeyFile(keyPath: string): Buffer {
  const existing = readKeyFile(keyPath);
  if (existing) return existing;
  const tempPath = `${keyPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = openSync(tempPath, 'wx', 0o600);
    try {
      writeSync(fd, randomBytes(KEY_BYTES));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(tempPath, keyPath);
      syncDirectory(dirname(keyPath)); // the new name survives a power cut too
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  } catch (error) {
    throw toStoreError(error, keyPath, 'cannot create the key file');
  } finally {
    try {
      unlinkSync(tempPath);
    } catch {
      // never created, or already gone
    }
  }
  const created = readKeyFile(keyPath);
  if (!created) throw new StoreError('key', keyPath, 'key file vanished after it was created');
  return created;
}

function readKeyFile(keyPath: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(keyPath, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw toStoreError(error, keyPath, 'cannot read the key file');
  }
  try {
    const stat = fstatSync(fd);
    if ((stat.mode & 0o077) !== 0) throw new StoreError('key', keyPath, `key file mode ${(stat.mode & 0o777).toString(8)} lets others read it (want 600)`);
    if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) throw new StoreError('key', keyPath, 'key file belongs to another user');
    const key = readFileSync(fd);
    if (key.length !== KEY_BYTES) throw new StoreError('key', keyPath, `key file holds ${key.length} bytes, not ${KEY_BYTES}`);
    return key;
  } finally {
    closeSync(fd);
  }
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
