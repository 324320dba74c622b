import type { Database } from 'better-sqlite3';
import type { Observable, SchedulerLike } from 'rxjs';
import type { CarEventInfo, DeviceInfo, RunInfo, Signal } from '../api/protocol.js';
import type { StoreError } from './errors.js';

export interface RetentionOptions {
  /** Rows older than this go (events, runs, signals, online history; devices' last state stays). */
  maxAgeDays: number;
  /** Past this many MB of used pages the oldest rows go, oldest first across tables. */
  maxSizeMb: number;
}

export interface StoreOptions {
  /** The database file; its directory is created (0700) if missing. */
  path: string;
  /** The store's clock: device timestamps, signal buckets ending, retention ages (virtual in tests). */
  scheduler: SchedulerLike;
  /**
   * When batches commit (default: `scheduler`). A replay at --speed max runs `scheduler` a thousand
   * times faster than the wall: give it core/base's wallClock here, or each 200 virtual ms costs a
   * commit (an fsync) and the store dominates the replay.
   */
  batchScheduler?: SchedulerLike;
  /** 32 bytes for secrets (from Electron safeStorage); else `store.key` (0600) beside the database. */
  key?: Buffer;
  /** Queued writes are committed this long after the first one (default 200 ms). */
  batchMs?: number;
  /** A batch this large is committed at once, without waiting for the timer (default 1000 rows). */
  maxBatchRows?: number;
  retention?: RetentionOptions;
  /** With `retention` set, applyRetention runs after a commit once this much scheduler time has passed since the last run (default 1 h). */
  retentionIntervalMs?: number;
  /** Downsampling: at most one row per path per this many seconds, the interval's latest (default 1 s). */
  signalIntervalS?: number;
  /** 'full' (default) survives power loss; 'normal' only process crashes (see open-database.ts). */
  durability?: 'full' | 'normal';
  /** How long to wait for another process's lock before failing with StoreError 'locked' (default 5000 ms). */
  busyTimeoutMs?: number;
  /** Opens an existing database for queries only (the CLI): no writes, no timers, no key file. */
  readOnly?: boolean;
}

export interface CommittedBatch {
  events: number;
  runs: number;
  signals: number;
}

export interface StoreStats {
  /** Rows waiting for the next commit. */
  queued: number;
  committedBatches: number;
  /** Writes refused: invalid items, or the oldest when the queue overflowed while commits failed. */
  dropped: number;
  /** Batches that failed to commit (and were retried). */
  failedBatches: number;
}

export type StoredRun = Omit<RunInfo, 'trace'>;

export interface HomewardStore {
  readonly path: string;
  /** For store-internal modules only (core/store/mqtt-outbox-store.ts). */
  readonly database: Database;
  /** Queued; committed in the next batch. */
  appendEvent(event: CarEventInfo): void;
  /** Upsert by run_id: a run is appended at start and again at its end. */
  appendRun(run: RunInfo): void;
  /** Last known state, plus an online/offline history row when `online` flips. A token is saved encrypted. */
  recordDevice(device: DeviceInfo, token?: string | Buffer): void;
  /** Downsampled per path (stale samples are skipped: they carry no new value). */
  recordSignal(signal: Signal): void;
  /** Commits the queued batch now and returns once it is on disk (posts it to the commit worker and blocks for its answer). */
  flush(): void;
  /** After each commit, once the commit worker reports it on disk (asynchronously, or within flush() and reads). */
  readonly committed$: Observable<CommittedBatch>;
  /** Failed commits and refused items; the store keeps running. */
  readonly errors$: Observable<StoreError>;
  stats(): StoreStats;
  /** Newest first. Reads flush the queue first, so they see every write made before them. */
  events(q: { before_ts?: number; limit: number }): CarEventInfo[];
  runs(q: { automation?: string; limit: number }): StoredRun[];
  trace(runId: string): RunInfo | undefined;
  signalHistory(q: { path: string; from_ts: number; to_ts: number; max_points: number }): { path: string; points: [number, number][] };
  /** Newest first. */
  deviceHistory(id: string, limit: number): { ts: number; online: boolean }[];
  /** Every device's last recorded state (to show something before the first poll). */
  lastDevices(): DeviceInfo[];
  getSetting(key: string): unknown;
  setSetting(key: string, value: unknown): void;
  /** AES-256-GCM at rest; `tokenHex` is 32 hex digits. */
  saveDeviceToken(deviceId: string, tokenHex: string): void;
  loadDeviceToken(deviceId: string): string | undefined;
  /** By age and by size; with `retention` set it also runs from the batch timer, at most once per retentionIntervalMs. */
  applyRetention(): void;
  /** Flushes, stops the commit worker, checkpoints, closes; after close no timer, thread or port is left. Idempotent. */
  close(): void;
}
