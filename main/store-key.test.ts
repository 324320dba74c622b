import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStoreKey, type KeyStorage } from './store-key.js';

/** A fake of Electron's safeStorage: "encrypts" by reversing and tagging, enough to see what is stored. */
function fakeSafeStorage(backend = 'gnome_libsecret', available = true): KeyStorage {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend as ReturnType<NonNullable<KeyStorage['getSelectedStorageBackend']>>,
    encryptString: (text) => Buffer.from(`sealed:${[...text].reverse().join('')}`),
    decryptString: (buf) => [...buf.toString().slice('sealed:'.length)].reverse().join(''),
  };
}

describe('the store key from safeStorage', () => {
  it('makes a 32-byte key once, keeps it only sealed (mode 0600), and returns the same key later', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'homeward-key-'));
    const storage = fakeSafeStorage();
    const key = loadStoreKey(storage, dir);
    expect(key?.length).toBe(32);
    const file = path.join(dir, 'store-key.enc');
    expect(readFileSync(file).toString()).not.toContain(key?.toString('hex'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadStoreKey(storage, dir)?.equals(key as Buffer)).toBe(true);
  });

  it("is null without a keyring or with Linux's basic_text fallback (the store's key file is used)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'homeward-key-'));
    expect(loadStoreKey(fakeSafeStorage('gnome_libsecret', false), dir)).toBeNull();
    expect(loadStoreKey(fakeSafeStorage('basic_text'), dir)).toBeNull();
  });
});
