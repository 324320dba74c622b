import type { Database, Statement } from 'better-sqlite3';
import { Subject, type SchedulerLike, type Subscription } from 'rxjs';
import type { CarEventInfo, DeviceInfo, RunInfo, Signal } from '../api/protocol.js';
import { toStoreError, type StoreError } from './errors.js';
import type { CommittedBatch, StoreStats } from './store-types.js';

interface SignalRow {
  path: string;
  bucketTs: number;
  ts: number;
  value: number | string;
  /** Changed since it was last written. */
  dirty: boolean;
}

interface HistoryRow {
  deviceId: string;
  ts: number;
  online: number;
}

export interface StoreWriterOptions {
  batchMs: number;
  maxBatchRows: number;
  signalIntervalS: number;
}

/** While commits fail, at most this many batches' worth of rows wait; the oldest go first. */
const MAX_QUEUED_BATCHES = 20;

/**
 * The write side: appends only touch memory (arrays and maps), and one transaction on the scheduler
 * commits them, batchMs after the first, or at once past maxBatchRows. A failed commit keeps the rows
 * for a retry. Signals are downsampled on the way in: each path has one open row for its current
 * bucket, overwritten in place, so the table holds at most one row per path per interval. The timer
 * writes an open row once its bucket has ended (by the scheduler's clock) or a later bucket began;
 * flush() writes every open row. So a crash loses at most the last interval of signal history,
 * never an event or a run, and a commit carries a bucket once instead of once per batch.
 */
export class StoreWriter {
  readonly committed$ = new Subject<CommittedBatch>();
  readonly errors$ = new Subject<StoreError>();
  private events: CarEventInfo[] = [];
  private runs = new Map<string, RunInfo>();
  private devices = new Map<string, DeviceInfo>();
  private history: HistoryRow[] = [];
  private signals: SignalRow[] = [];
  /** The pending row of each path's current bucket, updated in place until committed. */
  private openSignal = new Map<string, SignalRow>();
  private lastOnline = new Map<string, boolean>();
  private timer: Subscription | undefined;
  private failing = false;
  private closed = false;
  private counters = { committedBatches: 0, dropped: 0, failedBatches: 0 };
  private readonly insertEvent: Statement;
  private readonly upsertRun: Statement;
  private readonly upsertDevice: Statement;
  private readonly insertHistory: Statement;
  private readonly upsertSignal: Statement;
  private readonly commit: (rows: Batch) => CommittedBatch;

  constructor(
    private readonly db: Database,
    private readonly path: string,
    private readonly scheduler: SchedulerLike,
    private readonly options: StoreWriterOptions,
  ) {
    this.insertEvent = db.prepare('INSERT INTO events (ts, name, evidence) VALUES (?, ?, ?)');
    this.upsertRun = db.prepare(`INSERT INTO runs (run_id, automation, ts, end_ts, result, info, trace) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (run_id) DO UPDATE SET automation = excluded.automation, ts = excluded.ts, end_ts = excluded.end_ts,
        result = excluded.result, info = excluded.info, trace = excluded.trace`);
    this.upsertDevice = db.prepare(`INSERT INTO devices (id, info, online, ts) VALUES (?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET info = excluded.info, online = excluded.online, ts = excluded.ts`);
    this.insertHistory = db.prepare('INSERT INTO device_online_history (device_id, ts, online) VALUES (?, ?, ?)');
    this.upsertSignal = db.prepare(`INSERT INTO signals (bucket_ts, path, ts, value) VALUES (?, ?, ?, ?)
      ON CONFLICT (bucket_ts, path) DO UPDATE SET ts = excluded.ts, value = excluded.value`);
    this.commit = db.transaction((rows: Batch) => this.write(rows));
    for (const row of db.prepare('SELECT id, online FROM devices WHERE online IS NOT NULL').all() as { id: string; online: number }[]) {
      this.lastOnline.set(row.id, row.online === 1);
    }
  }

  get queued(): number {
    return this.events.length + this.runs.size + this.devices.size + this.history.length + this.signals.length;
  }

  stats(): StoreStats {
    return { queued: this.queued, ...this.counters };
  }

  appendEvent(event: CarEventInfo): void {
    if (!this.accept(typeof event?.name === 'string' && Number.isFinite(event.ts))) return;
    this.events.push(event);
    this.queuedOne();
  }

  appendRun(run: RunInfo): void {
    if (!this.accept(typeof run?.run_id === 'string' && typeof run.automation === 'string' && Number.isFinite(run.ts) && typeof run.result === 'string')) return;
    this.runs.delete(run.run_id); // keep first-in order for the latest copy
    this.runs.set(run.run_id, run);
    this.queuedOne();
  }

  recordDevice(device: DeviceInfo): void {
    if (!this.accept(typeof device?.id === 'string')) return;
    const ts = deviceTs(device, this.scheduler);
    if (typeof device.online === 'boolean' && this.lastOnline.get(device.id) !== device.online) {
      this.lastOnline.set(device.id, device.online);
      this.history.push({ deviceId: device.id, ts, online: device.online ? 1 : 0 });
    }
    this.devices.set(device.id, device);
    this.queuedOne();
  }

  recordSignal(signal: Signal): void {
    if (signal.stale || this.closed) return;
    const { path, ts } = signal;
    const raw = signal.value;
    const value = typeof raw === 'boolean' ? (raw ? 1 : 0) : raw;
    if (typeof path !== 'string' || !Number.isFinite(ts) || (typeof value !== 'number' && typeof value !== 'string')) {
      this.counters.dropped++;
      return;
    }
    const bucketTs = Math.floor(ts / this.options.signalIntervalS) * this.options.signalIntervalS;
    const open = this.openSignal.get(path);
    if (open !== undefined && open.bucketTs === bucketTs) {
      if (ts >= open.ts) {
        open.ts = ts;
        open.value = value;
        if (!open.dirty) {
          open.dirty = true;
          this.startTimer();
        }
      }
      return;
    }
    this.openSignal.set(path, { path, bucketTs, ts, value, dirty: true });
    if (open?.dirty) {
      this.signals.push(open); // its bucket is over: a closed row, written with the next batch
      this.queuedOne();
    } else {
      this.startTimer();
    }
  }

  /** Commits everything queued now, open signal rows included; a failure goes to errors$ and is retried. */
  flush(): void {
    this.commitQueued(true);
  }

  private commitQueued(allOpen: boolean): void {
    this.cancelTimer();
    const open = this.openRowsToWrite(allOpen);
    if (this.queued === 0 && open.length === 0) return;
    const rows: Batch = { events: this.events, runs: [...this.runs.values()], devices: [...this.devices.values()], history: this.history, signals: this.signals.concat(open) };
    this.events = [];
    this.runs = new Map();
    this.devices = new Map();
    this.history = [];
    this.signals = [];
    for (const row of open) row.dirty = false;
    let counts: CommittedBatch;
    try {
      counts = this.commit(rows);
    } catch (error) {
      this.failed(rows, error);
      return;
    }
    this.failing = false;
    this.counters.committedBatches++;
    // Open rows whose bucket has not ended yet wait for a later timer.
    if (!allOpen && this.openRowsToWrite(true).length > 0) this.startTimer();
    this.committed$.next(counts);
  }

  /** Dirty open rows: all of them, or those whose bucket has ended by the scheduler's clock. */
  private openRowsToWrite(all: boolean): SignalRow[] {
    const rows: SignalRow[] = [];
    const endedBefore = this.scheduler.now() / 1000 - this.options.signalIntervalS;
    for (const row of this.openSignal.values()) if (row.dirty && (all || row.bucketTs <= endedBefore)) rows.push(row);
    return rows;
  }

  /** Stops the timer; later writes are dropped (counted). The caller flushes first. */
  close(): void {
    this.closed = true;
    this.cancelTimer();
    this.committed$.complete();
    this.errors$.complete();
  }

  private write(rows: Batch): CommittedBatch {
    let events = 0;
    for (const event of rows.events) {
      const evidence = toJson(event.evidence ?? {});
      if (evidence === undefined) {
        this.counters.dropped++;
        continue;
      }
      this.insertEvent.run(event.ts, event.name, evidence);
      events++;
    }
    let runs = 0;
    for (const run of rows.runs) {
      const { trace, ...info } = run;
      const infoJson = toJson(info);
      const traceJson = toJson(trace ?? []);
      if (infoJson === undefined || traceJson === undefined) {
        this.counters.dropped++;
        continue;
      }
      this.upsertRun.run(run.run_id, run.automation, run.ts, run.end_ts ?? null, run.result, infoJson, traceJson);
      runs++;
    }
    for (const device of rows.devices) {
      const json = toJson(device);
      if (json === undefined) {
        this.counters.dropped++;
        continue;
      }
      const online = typeof device.online === 'boolean' ? (device.online ? 1 : 0) : null;
      this.upsertDevice.run(device.id, json, online, deviceTs(device, this.scheduler));
    }
    for (const row of rows.history) this.insertHistory.run(row.deviceId, row.ts, row.online);
    for (const row of rows.signals) this.upsertSignal.run(row.bucketTs, row.path, row.ts, row.value);
    return { events, runs, signals: rows.signals.length };
  }

  private failed(rows: Batch, error: unknown): void {
    this.counters.failedBatches++;
    this.failing = true;
    this.errors$.next(toStoreError(error, this.path, `cannot commit a batch of ${countRows(rows)} rows (kept for a retry)`));
    // Put the rows back in front of anything queued meanwhile (newer copies of runs and devices win).
    this.events = rows.events.concat(this.events);
    this.history = rows.history.concat(this.history);
    this.signals = rows.signals.concat(this.signals);
    this.runs = new Map([...rows.runs.map((r) => [r.run_id, r] as const), ...this.runs]);
    this.devices = new Map([...rows.devices.map((d) => [d.id, d] as const), ...this.devices]);
    const excess = this.queued - this.options.maxBatchRows * MAX_QUEUED_BATCHES;
    if (excess > 0) this.dropOldest(excess);
    this.startTimer();
  }

  private dropOldest(count: number): void {
    let left = count;
    const cut = <T>(rows: T[]): T[] => {
      const n = Math.min(left, rows.length);
      left -= n;
      return rows.slice(n);
    };
    this.signals = cut(this.signals);
    this.history = cut(this.history);
    this.events = cut(this.events);
    this.counters.dropped += count - left;
  }

  private accept(valid: boolean): boolean {
    if (valid && !this.closed) return true;
    this.counters.dropped++;
    return false;
  }

  private queuedOne(): void {
    // Past the batch size commit at once (bounded memory), except while commits fail: then the timer retries.
    if (!this.failing && this.queued >= this.options.maxBatchRows) this.commitQueued(false);
    else this.startTimer();
  }

  private startTimer(): void {
    if (this.timer !== undefined || this.closed) return;
    this.timer = this.scheduler.schedule(() => {
      this.timer = undefined;
      this.commitQueued(false);
    }, this.options.batchMs);
  }

  private cancelTimer(): void {
    this.timer?.unsubscribe();
    this.timer = undefined;
  }
}

interface Batch {
  events: CarEventInfo[];
  runs: RunInfo[];
  devices: DeviceInfo[];
  history: HistoryRow[];
  signals: SignalRow[];
}

function countRows(rows: Batch): number {
  return rows.events.length + rows.runs.length + rows.devices.length + rows.history.length + rows.signals.length;
}

function deviceTs(device: DeviceInfo, scheduler: SchedulerLike): number {
  return typeof device.ts === 'number' && Number.isFinite(device.ts) ? device.ts : scheduler.now() / 1000;
}

/** JSON text, or undefined for a value JSON cannot hold (a cycle, a BigInt). */
function toJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
