import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { Subject } from 'rxjs';
import type { CarEventInfo, Signal } from '../../core/api/protocol.js';
import { ManualClock } from '../../core/base/manual-clock.js';
import { loadConfig } from '../../core/runtime/config/load-config.js';
import { createRuntime } from '../../core/runtime/create-runtime.js';
import { demoConfigPath } from '../../core/runtime/demo-config.js';
import { MIGRATIONS } from '../../core/store/migrations.js';
import { openStore } from '../../core/store/open-store.js';
import { demoDriveLogPath } from '../../core/vehicle/demo/paths.js';
import { formatTable, median } from './miio-bench-support.js';
import { measureReplayWithStore, temporaryStore } from './store-bench-support.js';

/**
 * The store's write paths. (1) Event write throughput: openStore's batched appends (1000 rows a
 * transaction) with durability full and normal, next to the same inserts fed to Debian's `sqlite3`
 * CLI as SQL text in the same transactions and to better-sqlite3 with one autocommit per insert.
 * (2) The signal path: cost per update of a subscriber doing a Map.set (the runtime's own latest-
 * value work) with and without store.recordSignal, commits included (virtual time advances 10 ms an
 * update, so the 200 ms batch timer fires as in a drive). (3) The demo drive replayed at --speed max
 * through createRuntime with and without the store (measureReplayWithStore), next to the store's
 * fixed cost (open a new file and migrate it, close it).
 */
const EVENTS = Number(process.env.HOMEWARD_BENCH_STORE_EVENTS ?? 200_000);
const AUTOCOMMIT_EVENTS = Number(process.env.HOMEWARD_BENCH_STORE_AUTOCOMMIT ?? 3_000);
const SIGNAL_UPDATES = Number(process.env.HOMEWARD_BENCH_STORE_SIGNALS ?? 2_000_000);
const BATCH = 1000;
const SQLITE_CLI = '/usr/bin/sqlite3';

function makeEvent(i: number): CarEventInfo {
  return { name: i % 2 ? 'home.arrived' : 'home.leaving', ts: 1_764_576_000 + i * 0.01, evidence: { speed_kmh: i % 120, door: 'closed', distance_m: i } };
}

interface Row {
  name: string;
  events: number;
  seconds: number;
  note?: string;
}

function storeRun(durability: 'full' | 'normal'): Row {
  const { store, dispose } = temporaryStore(new ManualClock(), { durability, maxBatchRows: BATCH });
  try {
    const start = performance.now();
    for (let i = 0; i < EVENTS; i++) store.appendEvent(makeEvent(i));
    store.flush();
    return { name: `openStore, batched, ${durability.toUpperCase()}`, events: EVENTS, seconds: (performance.now() - start) / 1000 };
  } finally {
    dispose();
  }
}

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function sqliteCliRun(dir: string, synchronous: 'FULL' | 'NORMAL'): Row {
  const file = path.join(dir, `cli-${synchronous}.db`);
  const setup = `PRAGMA journal_mode = WAL;\nPRAGMA synchronous = ${synchronous};\n${MIGRATIONS[0]}\n`;
  const lines: string[] = [];
  for (let i = 0; i < EVENTS; i++) {
    if (i % BATCH === 0) lines.push('BEGIN;');
    const e = makeEvent(i);
    lines.push(`INSERT INTO events (ts, name, evidence) VALUES (${e.ts}, ${sqlString(e.name)}, ${sqlString(JSON.stringify(e.evidence))});`);
    if (i % BATCH === BATCH - 1 || i === EVENTS - 1) lines.push('COMMIT;');
  }
  const script = path.join(dir, `cli-${synchronous}.sql`);
  writeFileSync(script, `${setup}${lines.join('\n')}\n`);
  writeFileSync(path.join(dir, `empty-${synchronous}.sql`), setup);
  // The process start and schema setup, timed alone and taken off.
  let start = performance.now();
  execFileSync(SQLITE_CLI, [path.join(dir, `empty-${synchronous}.db`), `.read ${path.join(dir, `empty-${synchronous}.sql`)}`]);
  const overhead = performance.now() - start;
  start = performance.now();
  execFileSync(SQLITE_CLI, [file, `.read ${script}`]);
  const seconds = (performance.now() - start - overhead) / 1000;
  return { name: `sqlite3 CLI, same transactions, ${synchronous}`, events: EVENTS, seconds, note: 'SQL text parsed per row' };
}

function autocommitRun(dir: string): Row {
  const db = new Database(path.join(dir, 'autocommit.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(MIGRATIONS[0]);
  const insert = db.prepare('INSERT INTO events (ts, name, evidence) VALUES (?, ?, ?)');
  const start = performance.now();
  for (let i = 0; i < AUTOCOMMIT_EVENTS; i++) {
    const e = makeEvent(i);
    insert.run(e.ts, e.name, JSON.stringify(e.evidence));
  }
  const seconds = (performance.now() - start) / 1000;
  db.close();
  return { name: 'better-sqlite3, autocommit each, FULL', events: AUTOCOMMIT_EVENTS, seconds };
}

const PATHS = 50;
/** 50 paths at 100 Hz each: 5,000 updates a second of drive, 1,000 per 200 ms batch. */
const UPDATE_STEP_MS = 0.2;
const UPDATES_PER_BATCH = 1000;

/** ns per signal update through a Subject whose subscriber keeps the latest value, optionally recording it. */
function signalPath(record: 'full' | 'normal' | undefined, batchMs = 200): { nsPerUpdate: number; rows: number; commits: number } {
  const clock = new ManualClock(1_764_576_000_000);
  const { store, dispose } = temporaryStore(clock, { signalIntervalS: 1, durability: record ?? 'full', batchMs });
  try {
    const latest = new Map<string, Signal>();
    const signals$ = new Subject<Signal>();
    signals$.subscribe((s) => latest.set(s.path, s));
    if (record !== undefined) signals$.subscribe((s) => store.recordSignal(s));
    const paths = Array.from({ length: PATHS }, (_, i) => `Vehicle.Bench.Signal${i}`);
    const start = performance.now();
    for (let i = 0; i < SIGNAL_UPDATES; i++) {
      const tsMs = 1_764_576_000_000 + i * UPDATE_STEP_MS;
      signals$.next({ path: paths[i % PATHS], value: i & 0xff, ts: tsMs / 1000, stale: false });
      if (i % UPDATES_PER_BATCH === UPDATES_PER_BATCH - 1) clock.advanceTo(tsMs); // the batch timer fires here
    }
    store.flush();
    const nsPerUpdate = ((performance.now() - start) * 1e6) / SIGNAL_UPDATES;
    const { n } = store.database.prepare('SELECT count(*) AS n FROM signals').get() as { n: number };
    return { nsPerUpdate, rows: n, commits: store.stats().committedBatches };
  } finally {
    dispose();
  }
}

/** Opening then closing a store: a new file (created and migrated) or an existing one. */
function openCloseMs(fresh: boolean): number {
  const times: number[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-store-open-'));
  try {
    for (let i = 0; i < 5; i++) {
      const file = path.join(dir, fresh ? `new-${i}.db` : 'existing.db');
      if (!fresh && i === 0) openStore({ path: file, scheduler: new ManualClock() }).close();
      const start = performance.now();
      openStore({ path: file, scheduler: new ManualClock() }).close();
      times.push(performance.now() - start);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return median(times);
}

async function replayRatio(): Promise<string> {
  const { config } = await loadConfig(demoConfigPath());
  const replayed = { ...config, vehicle: { ...config.vehicle, can: `candump:${demoDriveLogPath()}` as const } };
  let commits = 0;
  const replay = async (dataDir: string | undefined): Promise<void> => {
    const runtime = await createRuntime(replayed, { speed: 'max', dryRun: true, simulate: false, services: { store: dataDir !== undefined, mqtt: false, web: false, ...(dataDir ? { dataDir } : {}) } });
    await runtime.start();
    await runtime.sourceDone;
    await runtime.idle();
    commits = runtime.services?.store?.stats().committedBatches ?? commits;
    await runtime.stop();
  };
  const existing = await measureReplayWithStore(replay);
  const fresh = await measureReplayWithStore(replay, { freshFile: true });
  return (
    `\nDemo drive replayed at --speed max through createRuntime (dry run, no MQTT, no web), median of ${existing.rounds}\n` +
    `${formatTable(['replay', 'ms', 'x without'], [
      ['without the store', existing.withoutStoreMs.toFixed(1), '1.00'],
      ['with the store, database exists', existing.withStoreMs.toFixed(1), existing.ratio.toFixed(2)],
      ['with the store, a new file each round', fresh.withStoreMs.toFixed(1), fresh.ratio.toFixed(2)],
      ['  store open + close alone, existing file', openCloseMs(false).toFixed(1), ''],
      ['  store open + close alone, new file', openCloseMs(true).toFixed(1), ''],
    ])}\n` +
    `target <= 1.1x; ${commits} commits a replay with the runtime's store options (batches on the replay's virtual clock unless it passes batchScheduler)\n`
  );
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-store-bench-peers-'));
  try {
    storeRun('full'); // warm-up
    const rows: Row[] = [storeRun('full'), storeRun('normal')];
    const hasCli = existsSync(SQLITE_CLI);
    if (hasCli) rows.push(sqliteCliRun(dir, 'FULL'), sqliteCliRun(dir, 'NORMAL'));
    rows.push(autocommitRun(dir));
    const rate = (r: Row): number => r.events / r.seconds;
    const ours = rate(rows[0]);
    process.stdout.write(
      `Event writes (${EVENTS.toLocaleString('en')} events, ${BATCH} a transaction; WAL; ${os.tmpdir()} on this disk)\n` +
        `${formatTable(['writer', 'events', 'seconds', 'events/s', 'openStore FULL / this'], rows.map((r) => [r.name, r.events.toLocaleString('en'), r.seconds.toFixed(3), Math.round(rate(r)).toLocaleString('en'), `${(ours / rate(r)).toFixed(2)}x`]))}\n` +
        (hasCli ? '' : `(no ${SQLITE_CLI}: the sqlite3 CLI peer was skipped; apt-get install sqlite3)\n`),
    );
    signalPath('full'); // warm-up
    const base = signalPath(undefined);
    const full = signalPath('full');
    const normal = signalPath('normal');
    const fullSlow = signalPath('full', 10_000);
    const line = (name: string, m: typeof base): string[] => [name, m.nsPerUpdate.toFixed(0), (m.nsPerUpdate / base.nsPerUpdate).toFixed(2), String(m.rows), String(m.commits)];
    process.stdout.write(
      `\nSignal path (${SIGNAL_UPDATES.toLocaleString('en')} updates: ${PATHS} paths at ${1000 / UPDATE_STEP_MS / PATHS} Hz, ${(SIGNAL_UPDATES * UPDATE_STEP_MS / 1000).toFixed(0)} s of drive, downsampled to 1 s, a commit every 200 ms of virtual time unless said)\n` +
        `${formatTable(['subscriber', 'ns/update', 'x baseline', 'rows stored', 'commits'], [line('latest-value map (baseline)', base), line('+ recordSignal, FULL', full), line('+ recordSignal, NORMAL', normal), line('+ recordSignal, FULL, batchMs 10 s', fullSlow)])}\n` +
        `recording costs ${(full.nsPerUpdate - base.nsPerUpdate).toFixed(0)} ns an update (FULL), ${(normal.nsPerUpdate - base.nsPerUpdate).toFixed(0)} ns (NORMAL), ` +
        `final flush included; the inserts and fsyncs run in the store's commit worker thread, one batch in flight (so fewer, larger commits)\n`,
    );
    process.stdout.write(await replayRatio());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Also runnable alone: node dist/test/bench/store.bench.js
if (process.argv[1]?.endsWith('store.bench.js')) await run();
