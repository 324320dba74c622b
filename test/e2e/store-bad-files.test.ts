import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transpileForChild } from '../helpers/transpile-for-child.js';

/**
 * A read-only data directory gives a StoreError with the path, not a crash. Root writes into a 0555
 * directory regardless, so under root the store is opened by a child running as `nobody` (65534).
 */
let dir: string;
let childScript: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-store-ro-'));
  chmodSync(dir, 0o755);
  childScript = transpileForChild(path.join(path.dirname(fileURLToPath(import.meta.url)), 'store-open-child.ts'), 'store-open');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function openInChild(file: string): Promise<Record<string, unknown>> {
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [childScript, file], { ...asNobody, timeout: 20_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`child failed: ${stderr}`, { cause: error }));
      else resolve(JSON.parse(stdout) as Record<string, unknown>);
    });
  });
}

describe('store in a read-only directory', () => {
  it('a new database there: StoreError store.unwritable naming the file', async () => {
    const readOnly = path.join(dir, 'read-only');
    mkdirSync(readOnly, { mode: 0o555 });
    chmodSync(readOnly, 0o555);
    const file = path.join(readOnly, 'homeward.db');
    const result = await openInChild(file);
    expect(result).toMatchObject({ ok: false, name: 'StoreError', code: 'store.unwritable', path: file });
  });

  it('the same child opens a writable directory (the check above is not a setup failure)', async () => {
    const writable = path.join(dir, 'writable');
    mkdirSync(writable, { mode: 0o777 });
    chmodSync(writable, 0o777);
    expect(await openInChild(path.join(writable, 'homeward.db'))).toEqual({ ok: true });
  });
});
