import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SafeStorage } from 'electron';

/** The part of Electron's safeStorage the key needs (a fake in tests). */
export type KeyStorage = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & {
  getSelectedStorageBackend?: SafeStorage['getSelectedStorageBackend'];
};

const KEY_FILE = 'store-key.enc';

/**
 * The store's 32-byte key, sealed by the OS keyring through safeStorage in `userDataDir`. Null when
 * safeStorage cannot protect it (no keyring, or Linux's `basic_text` fallback, which is a fixed
 * password): the store then uses its own 0600 key file, which is no weaker than that.
 */
export function loadStoreKey(storage: KeyStorage, userDataDir: string): Buffer | null {
  if (!storage.isEncryptionAvailable()) return null;
  if (storage.getSelectedStorageBackend?.() === 'basic_text') return null;
  const file = path.join(userDataDir, KEY_FILE);
  if (existsSync(file)) {
    const key = Buffer.from(storage.decryptString(readFileSync(file)), 'hex');
    if (key.length === 32) return key;
  }
  const key = randomBytes(32);
  writeFileSync(file, storage.encryptString(key.toString('hex')), { mode: 0o600 });
  return key;
}
