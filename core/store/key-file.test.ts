import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateKeyFile } from './key-file.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-key-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('loadOrCreateKeyFile', () => {
  it('creates 32 random bytes with mode 0600, then reads the same key back', () => {
    const file = path.join(dir, 'store.key');
    const key = loadOrCreateKeyFile(file);
    expect(key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKeyFile(file).equals(key)).toBe(true);
    expect(readFileSync(file).equals(key)).toBe(true);
    expect(loadOrCreateKeyFile(path.join(dir, 'other.key')).equals(key)).toBe(false);
  });

  it('refuses a key file others can read, or of the wrong size', () => {
    const file = path.join(dir, 'store.key');
    writeFileSync(file, Buffer.alloc(32, 1), { mode: 0o600 });
    chmodSync(file, 0o644);
    expect(() => loadOrCreateKeyFile(file)).toThrow(expect.objectContaining({ code: 'store.key', path: file }));
    chmodSync(file, 0o600);
    writeFileSync(file, Buffer.alloc(31, 1));
    expect(() => loadOrCreateKeyFile(file)).toThrow(/31 bytes/);
  });

  it('leaves no temporary file behind', () => {
    loadOrCreateKeyFile(path.join(dir, 'store.key'));
    expect(readdirSync(dir)).toEqual(['store.key']);
  });
});
