import type { Database, Statement } from 'better-sqlite3';
import { Subject, type SchedulerLike, type Subscription } from 'rxjs';
import type { CarEventInfo, DeviceInfo, RunInfo, Signal } from '../api/protocol.js';
import { toStoreError, type StoreError } from './errors.js';
import { SignalSampler, type SignalRow } from './signal-sampler.js';
import type { CommittedBatch, StoreStats } from './store-types.js';

interface HistoryRow {
  deviceId: string;
  ts: number;
  online: number;
}

export interface StoreWriterOptions {
  /** Runs the batch timer (the store's scheduler, or the wall clock during a fast replay). */
  batchScheduler: SchedulerLike;
  batchMs: number;
  maxBatchRows: number;
  signalIntervalS: number;
}

/** While commits fail, at most this many batches' worth of rows wait; the oldest go first. */
const MAX_QUEUED_BATCHES = 20;

/**
 * The write side: appends only touch memory (arrays and maps), and one transaction on the scheduler
 * commits them, batchMs after the first, or at once past maxBatchRows. A failed commit keeps the rows
 * for a retry. Signals are downsampled on the way in (signal-sampler.ts); the timer writes a path's
 * open row once its bucket has ended (by the scheduler's clock) or a later bucket began, flush()
 * writes every open row. So a crash loses at most the last interval of signal history, never an
 * event or a run, and a commit carries each bucket once instead of once per batch.
 */
export class StoreWriter {
  readonly committed$ = new Subject<CommittedBatch>();
  readonly errors$ = new Subject<StoreError>();
  private events: CarEventInfo[] = [];
  private runs = new Map<string, RunInfo>();
  private devices = new Map<string, DeviceInfo>();
  private history: HistoryRow[] = [];
  private readonly signals: SignalSampler;
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
    this.signals = new SignalSampler(options.signalIntervalS);
    for (const row of db.prepare('SELECT id, online FROM devices WHERE online IS NOT NULL').all() as { id: string; online: number }[]) {
      this.lastOnline.set(row.id, row.online === 1);
    }
  }

  get queued(): number {
    return this.events.length + this.runs.size + this.devices.size + this.history.length + this.signals.closed.length;
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
    const outcome = this.signals.record(signal);
    if (outcome === 'closed') this.queuedOne();
    else if (outcome === 'dirty') this.startTimer();
    else if (outcome === 'invalid') this.counters.dropped++;
  }

  /** Commits everything queued now, open signal rows included; a failure goes to errors$ and is retried. */
  flush(): void {
    this.commitQueued(true);
  }

  private commitQueued(allOpen: boolean): void {
    this.cancelTimer();
    const open = this.signals.openRows(allOpen, this.scheduler.now() / 1000);
    if (this.queued === 0 && open.length === 0) {
      this.rearmForOpenBuckets(allOpen);
      return;
    }
    const rows: Batch = { events: this.events, runs: [...this.runs.values()], devices: [...this.devices.values()], history: this.history, signals: this.signals.take(open) };
    this.events = [];
    this.runs = new Map();
    this.devices = new Map();
    this.history = [];
    let counts: CommittedBatch;
    try {
      counts = this.commit(rows);
    } catch (error) {
      this.failed(rows, error);
      return;
    }
    this.failing = false;
    this.counters.committedBatches++;
    this.rearmForOpenBuckets(allOpen);
    this.committed$.next(counts);
  }

  /** Open rows whose bucket has not ended yet wait for a later timer. */
  private rearmForOpenBuckets(allOpen: boolean): void {
    if (!allOpen && this.signals.openRows(true, 0).length > 0) this.startTimer();
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
    this.signals.closed = rows.signals.concat(this.signals.closed);
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
    this.signals.closed = cut(this.signals.closed);
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
    this.timer = this.options.batchScheduler.schedule(() => {
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
