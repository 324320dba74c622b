import type { Database } from 'better-sqlite3';
import { Subject, type SchedulerLike, type Subscription } from 'rxjs';
import type { CarEventInfo, DeviceInfo, RunInfo, Signal } from '../api/protocol.js';
import { countRows, deviceTs, toBatchMessage, type Batch, type HistoryRow } from './batch-rows.js';
import { CommitWorker, type CommitAnswer } from './commit-worker.js';
import { toStoreError, type StoreError } from './errors.js';
import { SignalSampler } from './signal-sampler.js';
import type { CommittedBatch, StoreStats } from './store-types.js';

export interface StoreWriterOptions {
  /** Runs the batch timer (the store's scheduler, or the wall clock during a fast replay). */
  batchScheduler: SchedulerLike;
  batchMs: number;
  maxBatchRows: number;
  signalIntervalS: number;
  durability: 'full' | 'normal';
  busyTimeoutMs: number;
  /** Every write is refused (counted in `dropped`): no worker, no timer. */
  readOnly: boolean;
}

/** While commits fail, at most this many batches' worth of rows wait; the oldest go first. */
const MAX_QUEUED_BATCHES = 20;
/** Signal rows (small, already downsampled) commit at once only past this many times maxBatchRows: fewer, larger commits. */
const SIGNAL_BATCH_FACTOR = 2;

interface Posted {
  seq: number;
  rows: Batch;
  counts: CommittedBatch;
}

/**
 * The write side. On the signal path an update only touches memory (the sampler's Map, an array
 * push); commits run in a worker thread with its own connection (commit-worker.ts), one batch in
 * flight at a time: posted batchMs after the first queued row, or at once past maxBatchRows rows
 * (then at most maxBatchRows events a batch; signal rows, runs and devices go whole: a commit
 * carries whatever queued during the previous one, so a fast replay costs few fsyncs).
 * committed$ fires when the worker reports the batch on disk, so "reported committed" still means
 * durable. A failed commit puts its rows back for a retry on the timer. Signals are downsampled on
 * the way in (signal-sampler.ts); the timer writes a path's open row once its bucket has ended or a
 * later bucket began, flush() writes every open row. A crash loses at most the last interval of
 * signal history and the batch not yet reported, never a reported event or run.
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
  private readonly worker: CommitWorker;
  /** The batch in flight (one at a time: batches commit in order, a failed one is retried first). */
  private posted: Posted | undefined;
  /** A commit was asked for while one was in flight: post when it is answered. */
  private due = false;
  private timer: Subscription | undefined;
  private failing = false;
  private closed: boolean;
  private counters = { committedBatches: 0, dropped: 0, failedBatches: 0 };

  constructor(
    db: Database,
    private readonly path: string,
    private readonly scheduler: SchedulerLike,
    private readonly options: StoreWriterOptions,
  ) {
    this.closed = options.readOnly;
    this.signals = new SignalSampler(options.signalIntervalS);
    this.worker = new CommitWorker({ path, durability: options.durability, busyTimeoutMs: options.busyTimeoutMs, onAnswer: (a) => this.answered(a) });
    for (const row of db.prepare('SELECT id, online FROM devices WHERE online IS NOT NULL').all() as { id: string; online: number }[]) {
      this.lastOnline.set(row.id, row.online === 1);
    }
    // Booting while the runtime starts: the first batch (and a short replay's stop) does not wait for it.
    if (!options.readOnly) this.worker.start();
  }

  get queued(): number {
    return this.events.length + this.runs.size + this.devices.size + this.history.length + this.signals.closed.length;
  }

  stats(): StoreStats {
    return { queued: this.queued + (this.posted ? countRows(this.posted.rows) : 0), ...this.counters };
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

  /**
   * Commits everything queued, open signal rows included, and returns once the worker has it on
   * disk ("post + wait": the main thread blocks for one commit). A failure goes to errors$ and is
   * retried by the timer.
   */
  flush(): void {
    this.worker.wait();
    this.post(true);
    this.worker.wait();
  }

  /** Stops the timer and the worker; later writes are dropped (counted). The caller flushes first. */
  close(): void {
    this.closed = true;
    this.cancelTimer();
    try {
      this.worker.close();
    } catch (error) {
      this.errors$.next(toStoreError(error, this.path, 'cannot stop the commit worker'));
    }
    this.committed$.complete();
    this.errors$.complete();
  }

  /** Asks for a commit: now, or when the batch in flight is answered (one at a time keeps them in order and bounded). */
  private commitSoon(): void {
    if (this.worker.pending > 0) this.due = true;
    else this.post(false);
  }

  /** Hands the queue (at most maxBatchRows events unless `all`) to the worker. */
  private post(all: boolean): void {
    this.cancelTimer();
    this.due = false;
    const open = this.signals.openRows(all, this.scheduler.now() / 1000);
    if (this.queued === 0 && open.length === 0) {
      this.rearmForOpenBuckets(all);
      return;
    }
    const limit = all ? this.events.length : this.options.maxBatchRows;
    const events = this.events.length > limit ? this.events.splice(0, limit) : this.events;
    if (events === this.events) this.events = [];
    const rows: Batch = { events, runs: [...this.runs.values()], devices: [...this.devices.values()], history: this.history, signals: this.signals.take(open) };
    this.runs = new Map();
    this.devices = new Map();
    this.history = [];
    const { message, counts, dropped } = toBatchMessage(rows, this.scheduler, this.worker.paths);
    this.counters.dropped += dropped;
    this.posted = { seq: this.worker.post(message), rows, counts };
    if (this.events.length > 0) this.due = true;
    this.rearmForOpenBuckets(all);
  }

  private answered(answer: CommitAnswer): void {
    const batch = this.posted;
    if (batch?.seq !== answer.seq) return; // not ours (cannot happen: one batch in flight)
    this.posted = undefined;
    if (answer.error !== undefined) {
      this.failed(batch.rows, Object.assign(new Error(answer.error.message), { code: answer.error.code }));
      return;
    }
    this.failing = false;
    this.counters.committedBatches++;
    // Subscribers first (retention writes on the main connection): the worker holds no lock meanwhile.
    this.committed$.next(batch.counts);
    if (this.due && this.worker.pending === 0) this.post(false);
  }

  /** Open rows whose bucket has not ended yet wait for a later timer. */
  private rearmForOpenBuckets(all: boolean): void {
    if (!all && this.signals.openRows(true, 0).length > 0) this.startTimer();
  }

  private failed(rows: Batch, error: unknown): void {
    this.counters.failedBatches++;
    this.failing = true;
    this.due = false;
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
    // While commits fail the timer retries; else past the batch size commit at once (bounded memory).
    if (this.failing) return this.startTimer();
    const rows = this.events.length + this.runs.size + this.devices.size + this.history.length;
    const signals = this.signals.closed.length;
    const bound = this.options.maxBatchRows;
    if (rows < bound && signals < bound * SIGNAL_BATCH_FACTOR) return this.startTimer();
    this.commitSoon();
    // A producer faster than the disk waits here, rather than growing the queue without bound.
    if (rows >= bound * MAX_QUEUED_BATCHES || signals >= bound * MAX_QUEUED_BATCHES) this.worker.wait();
  }

  private startTimer(): void {
    if (this.timer !== undefined || this.closed) return;
    this.timer = this.options.batchScheduler.schedule(() => {
      this.timer = undefined;
      this.commitSoon();
    }, this.options.batchMs);
  }

  private cancelTimer(): void {
    this.timer?.unsubscribe();
    this.timer = undefined;
  }
}
