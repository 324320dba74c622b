import type { Database } from 'better-sqlite3';
import { StoreError } from './errors.js';

/**
 * The schema, one entry a version (PRAGMA user_version). Each runs in its own transaction at open;
 * never edit a released entry, append a new one. Times are seconds since the epoch (REAL), as on the wire.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: the first schema.
  `
  CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    name TEXT NOT NULL,
    evidence TEXT NOT NULL
  );
  CREATE INDEX events_ts ON events (ts);

  CREATE TABLE runs (
    run_id TEXT PRIMARY KEY,
    automation TEXT NOT NULL,
    ts REAL NOT NULL,
    end_ts REAL,
    result TEXT NOT NULL,
    info TEXT NOT NULL,  -- the RunInfo without its trace, JSON
    trace TEXT NOT NULL  -- TraceElement[], JSON
  );
  CREATE INDEX runs_ts ON runs (ts);
  CREATE INDEX runs_automation_ts ON runs (automation, ts);

  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    info TEXT NOT NULL,  -- the last DeviceInfo, JSON
    online INTEGER,      -- 1, 0, or NULL before the first poll settled
    ts REAL NOT NULL
  );
  CREATE TABLE device_online_history (
    id INTEGER PRIMARY KEY,
    device_id TEXT NOT NULL,
    ts REAL NOT NULL,
    online INTEGER NOT NULL
  );
  CREATE INDEX device_online_history_device_ts ON device_online_history (device_id, ts);

  -- One row per path and downsampling bucket: the bucket's latest sample. bucket_ts is the bucket's
  -- start in seconds (not its index), so a changed interval cannot overwrite unrelated rows. Keyed
  -- time first: rows append at the b-tree's end and retention cuts its front; charts use (path, ts).
  CREATE TABLE signals (
    bucket_ts REAL NOT NULL,
    path TEXT NOT NULL,
    ts REAL NOT NULL,
    value ANY,           -- REAL, INTEGER (booleans as 0/1) or TEXT
    PRIMARY KEY (bucket_ts, path)
  ) WITHOUT ROWID;
  CREATE INDEX signals_path_ts ON signals (path, ts);

  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL  -- JSON
  );

  -- AES-256-GCM boxes (secret-box.ts); the name says what it is, never the value.
  CREATE TABLE secrets (
    name TEXT PRIMARY KEY,
    box BLOB NOT NULL
  );

  -- mqtt.js Store rows (core/store/mqtt-outbox-store.ts): the id keeps insertion order across restarts.
  CREATE TABLE mqtt_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store TEXT NOT NULL,
    message_id INTEGER NOT NULL,
    packet BLOB NOT NULL,
    UNIQUE (store, message_id)
  );
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the database to SCHEMA_VERSION, one transaction a version; refuses a newer database. */
export function applyMigrations(db: Database, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new StoreError('version', path, `schema version ${current} is newer than this Homeward's ${SCHEMA_VERSION}`);
  }
  for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
    db.transaction(() => {
      // Another process may have migrated between our read and our write lock.
      if ((db.pragma('user_version', { simple: true }) as number) >= version) return;
      db.exec(MIGRATIONS[version - 1]);
      db.pragma(`user_version = ${version}`);
    }).immediate();
  }
}

/** True for a new file: no table yet (auto_vacuum can only be chosen then, before WAL). */
export function isEmptyDatabase(db: Database): boolean {
  const row = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number };
  return row.n === 0;
}
