import { mkdtempSync, openSync, closeSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../base/manual-clock.js';
import { StoreError } from './errors.js';
import { openStore } from './open-store.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-open-db-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function openError(file: string, busyTimeoutMs = 50): StoreError {
  try {
    openStore({ path: file, scheduler: new ManualClock(), busyTimeoutMs }).close();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    return error as StoreError;
  }
  throw new Error(`${file} opened`);
}

describe('opening a bad database', () => {
  it('a file that is not SQLite: store.corrupt with the path', () => {
    const file = path.join(dir, 'homeward.db');
    writeFileSync(file, Buffer.alloc(8192, 'not a database '));
    const error = openError(file);
    expect(error).toMatchObject({ code: 'store.corrupt', kind: 'corrupt', path: file });
    expect(error.message).toContain(file);
  });

  it('a file locked by another process: store.locked after the busy timeout', () => {
    const file = path.join(dir, 'homeward.db');
    const holder = new Database(file);
    holder.pragma('journal_mode = WAL');
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)'); // takes and keeps the exclusive lock
    try {
      expect(openError(file)).toMatchObject({ code: 'store.locked', path: file });
    } finally {
      holder.close();
    }
  });

  it('damaged pages inside a valid file: StoreErrors from reads and on errors$, never another throw', () => {
    const file = path.join(dir, 'homeward.db');
    const store = openStore({ path: file, scheduler: new ManualClock() });
    for (let i = 0; i < 5000; i++) store.appendEvent({ name: 'e', ts: i, evidence: { i } });
    store.close();
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(size - 8192, 0xa5), 0, size - 8192, 4096); // every page after the first
    closeSync(fd);
    let damaged;
    try {
      damaged = openStore({ path: file, scheduler: new ManualClock() });
    } catch (error) {
      expect(error).toMatchObject({ code: 'store.corrupt', path: file }); // found at open: as good
      return;
    }
    const errors: string[] = [];
    damaged.errors$.subscribe((e) => errors.push(e.code));
    damaged.appendEvent({ name: 'after', ts: 1, evidence: {} });
    damaged.flush();
    expect(errors).toContain('store.corrupt');
    expect(() => damaged.events({ limit: 5 })).toThrow(StoreError);
    damaged.close();
  });

  it('a database from a newer Homeward: store.version, and the file is left alone', () => {
    const file = path.join(dir, 'homeward.db');
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(openError(file)).toMatchObject({ code: 'store.version' });
  });

  it('a data directory that is a file: store.unwritable', () => {
    const notDir = path.join(dir, 'plain-file');
    writeFileSync(notDir, 'x');
    expect(openError(path.join(notDir, 'homeward.db'))).toMatchObject({ code: 'store.unwritable' });
  });

  it('an existing database at an older version is migrated in place', () => {
    const file = path.join(dir, 'homeward.db');
    const store = openStore({ path: file, scheduler: new ManualClock() });
    store.appendEvent({ name: 'kept', ts: 1, evidence: {} });
    store.close();
    const again = openStore({ path: file, scheduler: new ManualClock() });
    expect(again.events({ limit: 5 }).map((e) => e.name)).toEqual(['kept']);
    again.close();
  });
});
