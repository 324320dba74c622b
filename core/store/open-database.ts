import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError, toStoreError } from './errors.js';
import { applyMigrations, isEmptyDatabase, SCHEMA_VERSION } from './migrations.js';

export interface OpenDatabaseOptions {
  readOnly: boolean;
  durability: 'full' | 'normal';
  busyTimeoutMs: number;
}

/**
 * Opens (or creates) the database in WAL mode and migrates it. Durability is chosen deliberately:
 * WAL with synchronous=NORMAL already keeps every committed transaction across a process crash
 * (SIGKILL), but after a power cut the latest commits may roll back; a head unit loses power without
 * warning, so the default is FULL (the WAL is fsynced at each commit). Writes are batched (a few
 * commits a second), so FULL costs little (see test/bench/store.bench.ts).
 */
export function openDatabase(path: string, options: OpenDatabaseOptions): Database.Database {
  if (!options.readOnly) {
    try {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    } catch (error) {
      throw toStoreError(error, path, 'cannot create the data directory');
    }
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: options.readOnly, fileMustExist: options.readOnly, timeout: options.busyTimeoutMs });
    if (options.readOnly) {
      checkReadable(db, path);
      return db;
    }
    // auto_vacuum can only be chosen before the first table and before WAL: it lets retention shrink the file.
    if (isEmptyDatabase(db)) db.pragma('auto_vacuum = INCREMENTAL');
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new StoreError('unwritable', path, `cannot switch to WAL (journal_mode is ${String(mode)})`);
    db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
    applyMigrations(db, path);
    return db;
  } catch (error) {
    db?.close();
    throw toStoreError(error, path, options.readOnly ? 'cannot open the database' : 'cannot open or migrate the database');
  }
}

function checkReadable(db: Database.Database, path: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === 0) throw new StoreError('version', path, 'not a Homeward database (schema version 0)');
  if (version > SCHEMA_VERSION) throw new StoreError('version', path, `schema version ${version} is newer than this Homeward's ${SCHEMA_VERSION}`);
}
