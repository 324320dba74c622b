import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { BATCH_TABLES, SIGNAL_SQL, type BatchMessage, type PathIds } from './batch-rows.js';
import { COMMIT_WORKER_SOURCE } from './commit-worker-source.js';
import { StoreError } from './errors.js';

export interface CommitAnswer {
  seq: number;
  error?: { message: string; code: string };
}

export interface CommitWorkerOptions {
  path: string;
  durability: 'full' | 'normal';
  busyTimeoutMs: number;
  /** Called with each answer, in order: from the event loop, or from inside wait(). */
  onAnswer: (answer: CommitAnswer) => void;
}

/** Waiting longer than the busy timeout plus this for one answer means the worker is gone. */
const STALL_MS = 30_000;
const WAIT_SLICE_MS = 1000;

/**
 * A worker_thread that owns a second better-sqlite3 connection to the store's file and commits the
 * batches posted to it, so SQLite's inserts and fsyncs never run on the signal path. Started by
 * start() or the first batch, again after it was lost. The parent's port is referenced only
 * while answers are due: a busy store keeps the process alive until its batches are on disk, an
 * idle one does not.
 */
export class CommitWorker {
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private readonly flag = new Int32Array(new SharedArrayBuffer(8));
  private lastPosted = 0;
  private lastAnswered = 0;

  constructor(private readonly options: CommitWorkerOptions) {}

  /** Batches posted and not answered yet. */
  get pending(): number {
    return this.lastPosted - this.lastAnswered;
  }

  /** Signal path ids for batches to this worker (a new worker starts with none). */
  paths: PathIds = newPathIds();

  post(message: BatchMessage): number {
    const port = this.port ?? this.start();
    const seq = ++this.lastPosted;
    port.postMessage({ seq, message }, [message.signals.buffer as ArrayBuffer]);
    if (this.pending === 1) port.ref();
    return seq;
  }

  /** Blocks until every posted batch is answered (answers go to onAnswer from here). */
  wait(): void {
    const port = this.port;
    if (port === undefined) return;
    // Time is told by Atomics.wait timing out (no clock in core/): this long without an answer is a stall.
    let stalledMs = 0;
    while (this.pending > 0) {
      const received = receiveMessageOnPort(port);
      if (received !== undefined) {
        this.answered(received.message as CommitAnswer);
        stalledMs = 0;
        continue;
      }
      // The worker stores the seq after posting its answer: below lastPosted means it is still writing.
      const seen = Atomics.load(this.flag, 0);
      if (seen < this.lastPosted && Atomics.wait(this.flag, 0, seen, WAIT_SLICE_MS) === 'timed-out') stalledMs += WAIT_SLICE_MS;
      if (stalledMs > this.options.busyTimeoutMs + STALL_MS) {
        throw new StoreError('sqlite', this.options.path, `the commit worker has not answered for ${stalledMs} ms`);
      }
    }
  }

  /** Answers everything posted, closes the worker's connection and lets the thread end. */
  close(): void {
    const port = this.port;
    if (port === undefined) return;
    try {
      // Never given a batch: nothing to drain, so no waiting for a thread that may still be booting
      // (terminate() ends it, and its connection is closed as the thread goes).
      if (this.lastPosted === 0) return;
      this.wait();
      port.postMessage('close');
      for (let waitedMs = 0; Atomics.load(this.flag, 1) === 0 && waitedMs < this.options.busyTimeoutMs + STALL_MS; waitedMs += WAIT_SLICE_MS) {
        Atomics.wait(this.flag, 1, 0, WAIT_SLICE_MS);
      }
    } finally {
      this.port = undefined;
      port.close();
      void this.worker?.terminate();
      this.worker = undefined;
    }
  }

  /** Starts the thread now (it boots in about 20 ms, in parallel), instead of with the first batch. */
  start(): MessagePort {
    if (this.port !== undefined) return this.port;
    const { port1, port2 } = new MessageChannel();
    const sqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');
    const workerData = {
      path: this.options.path,
      sqlitePath,
      busyTimeoutMs: this.options.busyTimeoutMs,
      synchronous: this.options.durability === 'full' ? 'FULL' : 'NORMAL',
      tables: BATCH_TABLES,
      signalSql: SIGNAL_SQL,
      port: port2,
      flag: this.flag,
    };
    const worker = new Worker(COMMIT_WORKER_SOURCE, { eval: true, workerData, transferList: [port2] });
    worker.unref();
    // An uncaught error in the worker or its end: what was posted will never be answered.
    worker.on('error', (error) => this.lost(worker, error));
    worker.on('exit', (code) => this.lost(worker, new Error(`the commit worker exited (code ${code})`)));
    port1.on('message', (answer: CommitAnswer) => this.answered(answer));
    port1.unref();
    this.worker = worker;
    this.port = port1;
    return port1;
  }

  private lost(worker: Worker, error: Error): void {
    if (this.worker !== worker) return; // closed on purpose, or an earlier worker
    this.worker = undefined;
    this.port?.close();
    this.port = undefined;
    this.paths = newPathIds(); // the next batch goes to a new worker
    const failed = { message: error.message, code: '' };
    while (this.pending > 0) this.answered({ seq: this.lastAnswered + 1, error: failed });
  }

  private answered(answer: CommitAnswer): void {
    this.lastAnswered = answer.seq;
    if (this.pending === 0) this.port?.unref();
    this.options.onAnswer(answer);
  }
}

function newPathIds(): PathIds {
  const ids = new Map<string, number>();
  let fresh: string[] = [];
  return {
    id(path) {
      let id = ids.get(path);
      if (id === undefined) {
        id = ids.size;
        ids.set(path, id);
        fresh.push(path);
      }
      return id;
    },
    takeNew() {
      const names = fresh;
      fresh = [];
      return names;
    },
  };
}
