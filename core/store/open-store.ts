import { dirname, join } from 'node:path';
import type { Statement } from 'better-sqlite3';
import type { Subscription } from 'rxjs';
import type { CarEventInfo, DeviceInfo, RunInfo, Signal } from '../api/protocol.js';
import { KEY_FILE } from './data-dir.js';
import { DeviceTokens } from './device-tokens.js';
import { StoreError, toStoreError } from './errors.js';
import { loadOrCreateKeyFile } from './key-file.js';
import { openDatabase } from './open-database.js';
import { Retention } from './retention.js';
import { KEY_BYTES } from './secret-box.js';
import { StoreQueries } from './store-queries.js';
import type { HomewardStore, StoreOptions } from './store-types.js';
import { StoreWriter } from './store-writer.js';

export { defaultDataDir, defaultDatabasePath } from './data-dir.js';
export type { CommittedBatch, HomewardStore, RetentionOptions, StoreOptions, StoreStats, StoredRun } from './store-types.js';

/**
 * Opens Homeward's one database file (created and migrated if needed). Writes are queued in memory
 * and committed in batches by a worker thread with its own connection (store-writer.ts); this
 * connection migrates, reads and writes the rare rest (settings, tokens, retention, the MQTT
 * outbox). Reads flush first and wait for the commit, so they see every write made before them.
 * Throws StoreError (with the path) for a corrupt, locked or unwritable database, so the runtime
 * can report it and run without history.
 */
export function openStore(options: StoreOptions): HomewardStore {
  const { path, scheduler } = options;
  if (options.key !== undefined && options.key.length !== KEY_BYTES) {
    throw new StoreError('key', path, `the key must be ${KEY_BYTES} bytes, not ${options.key.length}`);
  }
  for (const [name, value, ok] of [['batchMs', options.batchMs, '>= 0'], ['maxBatchRows', options.maxBatchRows, '>= 1'], ['signalIntervalS', options.signalIntervalS, '> 0']] as const) {
    const valid = value === undefined || (Number.isFinite(value) && (ok === '> 0' ? value > 0 : value >= Number(ok.slice(3))));
    if (!valid) throw new StoreError('value', path, `${name} must be a number ${ok}`);
  }
  const readOnly = options.readOnly ?? false;
  const durability = options.durability ?? 'full';
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const db = openDatabase(path, { readOnly, durability, busyTimeoutMs });
  let writer: StoreWriter | undefined;
  let queries: StoreQueries;
  let tokens: DeviceTokens;
  let retention: Retention;
  let settingGet: Statement<[string]>;
  let settingPut: Statement<[string, string]>;
  try {
    writer = new StoreWriter(db, path, scheduler, {
      batchScheduler: options.batchScheduler ?? scheduler,
      batchMs: options.batchMs ?? 200,
      maxBatchRows: options.maxBatchRows ?? 1000,
      signalIntervalS: options.signalIntervalS ?? 1,
      durability,
      busyTimeoutMs,
      readOnly,
    });
    queries = new StoreQueries(db);
    tokens = new DeviceTokens(db, path, () => options.key ?? loadOrCreateKeyFile(join(dirname(path), KEY_FILE)));
    retention = new Retention(db);
    settingGet = db.prepare('SELECT value FROM settings WHERE key = ?');
    settingPut = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  } catch (error) {
    writer?.close();
    db.close();
    throw toStoreError(error, path, 'cannot prepare the store');
  }

  let closed = false;
  const open = (): void => {
    if (closed) throw new StoreError('closed', path, 'the store is closed');
  };
  const writable = (): void => {
    open();
    if (readOnly) throw new StoreError('unwritable', path, 'the store was opened read-only');
  };
  /** A read sees every write queued before it. */
  const read = <T>(query: () => T): T => {
    open();
    if (!readOnly) writer.flush();
    try {
      return query();
    } catch (error) {
      throw toStoreError(error, path, 'query failed');
    }
  };
  const guarded = (doing: string, work: () => void): void => {
    writable();
    try {
      work();
    } catch (error) {
      throw toStoreError(error, path, doing);
    }
  };

  const retain = (): void => {
    if (options.retention === undefined || closed || readOnly) return;
    try {
      retention.apply(options.retention, scheduler.now() / 1000);
    } catch (error) {
      writer.errors$.next(toStoreError(error, path, 'retention failed'));
    }
  };
  const applyRetention = (): void => {
    if (options.retention === undefined || closed || readOnly) return;
    writer.flush();
    retain();
  };
  // Retention rides on commits (at most once per retentionIntervalMs of scheduler time) instead of
  // a periodic timer: an idle store keeps no timer, and a virtual clock that jumps from 0 to epoch
  // time (a replay at --speed max) does not fire an interval hundreds of thousands of times.
  const retentionIntervalMs = options.retentionIntervalMs ?? 3_600_000;
  let lastRetentionMs: number | undefined;
  const retentionDue = (): void => {
    const nowMs = scheduler.now();
    if (lastRetentionMs !== undefined && nowMs - lastRetentionMs < retentionIntervalMs) return;
    lastRetentionMs = nowMs;
    retain(); // right after a commit: no flush (it would block on the worker's next batch)
  };
  const retentionOnCommit: Subscription | undefined = options.retention !== undefined && !readOnly ? writer.committed$.subscribe(retentionDue) : undefined;

  const store: HomewardStore = {
    path,
    database: db,
    appendEvent: (event: CarEventInfo) => writer.appendEvent(event),
    appendRun: (run: RunInfo) => writer.appendRun(run),
    recordDevice: (device: DeviceInfo, token?: string | Buffer) => {
      writer.recordDevice(device);
      if (token !== undefined && !closed && !readOnly) {
        try {
          tokens.save(device.id, token);
        } catch (error) {
          writer.errors$.next(toStoreError(error, path, `cannot save the token of device ${device.id}`));
        }
      }
    },
    recordSignal: (signal: Signal) => writer.recordSignal(signal),
    flush: () => {
      if (!closed && !readOnly) writer.flush();
    },
    committed$: writer.committed$.asObservable(),
    errors$: writer.errors$.asObservable(),
    stats: () => writer.stats(),
    events: (q) => read(() => queries.events(q)),
    runs: (q) => read(() => queries.runs(q)),
    trace: (runId) => read(() => queries.trace(runId)),
    signalHistory: (q) => read(() => queries.signalHistory(q)),
    deviceHistory: (id, limit) => read(() => queries.deviceHistory(id, limit)),
    lastDevices: () => read(() => queries.lastDevices()),
    getSetting: (key) =>
      read(() => {
        const row = settingGet.get(key) as { value: string } | undefined;
        return row === undefined ? undefined : (JSON.parse(row.value) as unknown);
      }),
    setSetting: (key, value) => {
      let json: string | undefined;
      try {
        json = JSON.stringify(value);
      } catch {
        json = undefined; // a cycle or a BigInt
      }
      if (json === undefined) throw new StoreError('value', path, `setting ${key} is not JSON-serialisable`);
      guarded(`cannot save setting ${key}`, () => void settingPut.run(key, json));
    },
    saveDeviceToken: (deviceId, tokenHex) => guarded(`cannot save the token of device ${deviceId}`, () => tokens.save(deviceId, tokenHex)),
    loadDeviceToken: (deviceId) => read(() => tokens.load(deviceId)),
    applyRetention,
    close: () => {
      if (closed) return;
      retentionOnCommit?.unsubscribe();
      try {
        // SQLite checkpoints and removes the WAL itself when the last connection closes.
        if (!readOnly) writer.flush();
      } catch (error) {
        writer.errors$.next(toStoreError(error, path, 'cannot commit on close'));
      } finally {
        closed = true;
        writer.close();
        db.close();
      }
    },
  };
  return store;
}
