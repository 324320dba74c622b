import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { firstValueFrom, take, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CarEventInfo, DeviceInfo, RunInfo } from '../api/protocol.js';
import { ManualClock } from '../base/manual-clock.js';
import { defaultDataDir, openStore } from './open-store.js';
import type { HomewardStore, StoreOptions } from './store-types.js';

let dir: string;
let clock: ManualClock;
const opened: HomewardStore[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-store-'));
  clock = new ManualClock(1_700_000_000_000);
});

afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(options: Partial<StoreOptions> = {}): HomewardStore {
  const store = openStore({ path: path.join(dir, 'data', 'homeward.db'), scheduler: clock, ...options });
  opened.push(store);
  return store;
}

/** The next `n` commits the worker reports (commits are answered asynchronously, outside flush and reads). */
const answers = (store: HomewardStore, n = 1): Promise<unknown[]> => firstValueFrom(store.committed$.pipe(take(n), toArray()));

/** A second connection, as another process would see the file. */
function peek<T>(sql: string): T {
  const db = new Database(path.join(dir, 'data', 'homeward.db'), { readonly: true });
  try {
    return db.prepare(sql).get() as T;
  } finally {
    db.close();
  }
}

const event = (name: string, ts: number): CarEventInfo => ({ name, ts, evidence: { speed_kmh: 0, door: 'closed' } });

function device(online: boolean | null, ts: number): DeviceInfo {
  return { id: 'plug-1', name: 'Plug', model: 'chuangmi.plug.m1', family: 'plug', online, values: { power: true }, ts, properties: [], actions: [] };
}

function run(runId: string, ts: number, result: RunInfo['result']): RunInfo {
  return {
    run_id: runId,
    automation: 'arrive',
    ts,
    end_ts: result === 'running' ? null : ts + 2,
    result,
    trigger: { path: 'trigger/0', description: 'home.arrived' },
    trace: [{ path: 'action/0', start_ts: ts, end_ts: ts + 1, result: { ok: true } }],
  };
}

describe('openStore', () => {
  it('creates the file in WAL mode at the latest schema, with a 0700 data directory', () => {
    const store = open();
    expect(store.database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.database.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(store.database.pragma('user_version', { simple: true })).toBe(1);
    expect(store.database.pragma('auto_vacuum', { simple: true })).toBe(2); // INCREMENTAL
    const tables = (store.database.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['events', 'runs', 'devices', 'device_online_history', 'signals', 'settings', 'secrets', 'mqtt_outbox']));
    expect(statSync(path.dirname(store.path)).mode & 0o777).toBe(0o700);
  });

  it('commits events in one batch batchMs after the first, not before', async () => {
    const store = open({ batchMs: 200 });
    const commits: unknown[] = [];
    store.committed$.subscribe((c) => commits.push(c));
    for (let i = 0; i < 5; i++) store.appendEvent(event('home.arrived', 100 + i));
    clock.advanceBy(199);
    expect(clock.pendingTimers).toBe(1); // not posted yet
    expect(commits).toEqual([]);
    expect(peek<{ n: number }>('SELECT count(*) AS n FROM events').n).toBe(0);
    clock.advanceBy(1);
    expect(clock.pendingTimers).toBe(0);
    await answers(store);
    expect(commits).toEqual([{ events: 5, runs: 0, signals: 0 }]);
    expect(peek<{ n: number }>('SELECT count(*) AS n FROM events').n).toBe(5);
  });

  it('times batches on batchScheduler when given (the wall clock of a fast replay)', async () => {
    const wall = new ManualClock(0);
    const store = open({ batchScheduler: wall, batchMs: 200 });
    const commits: number[] = [];
    store.committed$.subscribe((c) => commits.push(c.events));
    store.appendEvent(event('e', 1));
    clock.advanceBy(10_000);
    expect(commits).toEqual([]);
    expect(wall.pendingTimers).toBe(1);
    wall.advanceBy(200);
    await answers(store);
    expect(commits).toEqual([1]);
    store.close();
    expect(wall.pendingTimers + clock.pendingTimers).toBe(0);
  });

  it('commits at once when the queue reaches maxBatchRows, one batch in flight at a time', async () => {
    const store = open({ maxBatchRows: 10 });
    const commits: number[] = [];
    store.committed$.subscribe((c) => commits.push(c.events));
    for (let i = 0; i < 25; i++) store.appendEvent(event('e', i));
    await answers(store, 2);
    expect(commits).toEqual([10, 10]);
    store.flush();
    expect(commits).toEqual([10, 10, 5]);
  });

  it('reads events newest first, paged by before_ts, and sees queued writes', () => {
    const store = open();
    for (let i = 0; i < 5; i++) store.appendEvent(event(`e${i}`, 100 + i));
    expect(store.events({ limit: 2 }).map((e) => e.name)).toEqual(['e4', 'e3']);
    expect(store.events({ before_ts: 103, limit: 10 }).map((e) => e.name)).toEqual(['e2', 'e1', 'e0']);
    expect(store.events({ limit: 1 })[0]).toEqual(event('e4', 104));
  });

  it('upserts a run by run_id and keeps its trace apart', () => {
    const store = open();
    store.appendRun(run('r1', 10, 'running'));
    store.flush();
    store.appendRun(run('r1', 10, 'finished'));
    store.appendRun(run('r2', 20, 'condition_failed'));
    const runs = store.runs({ limit: 10 });
    expect(runs.map((r) => [r.run_id, r.result])).toEqual([['r2', 'condition_failed'], ['r1', 'finished']]);
    expect(runs[0]).not.toHaveProperty('trace');
    expect(store.runs({ automation: 'other', limit: 10 })).toEqual([]);
    expect(store.trace('r1')).toEqual(run('r1', 10, 'finished'));
    expect(store.trace('nope')).toBeUndefined();
  });

  it('keeps the last device state and an online history only on flips, across reopen', () => {
    let store = open();
    store.recordDevice(device(null, 1));
    store.recordDevice(device(true, 2));
    store.recordDevice(device(true, 3));
    store.recordDevice(device(false, 4));
    store.close();
    store = open();
    store.recordDevice(device(false, 5)); // same as before the restart: no row
    store.recordDevice(device(true, 6));
    expect(store.deviceHistory('plug-1', 10)).toEqual([{ ts: 6, online: true }, { ts: 4, online: false }, { ts: 2, online: true }]);
    expect(store.lastDevices()).toEqual([device(true, 6)]);
  });

  it('downsamples signals to one row per path per interval, the latest sample', async () => {
    const store = open({ signalIntervalS: 1 });
    const commits: number[] = [];
    store.committed$.subscribe((c) => commits.push(c.signals));
    for (let i = 0; i < 50; i++) store.recordSignal({ path: 'Vehicle.Speed', value: i, ts: 100 + i * 0.1, stale: false });
    store.recordSignal({ path: 'Vehicle.Speed', value: 999, ts: 104.95, stale: true }); // stale: skipped
    store.recordSignal({ path: 'Vehicle.Body.Trunk.IsOpen', value: true, ts: 100.5, stale: false });
    store.recordSignal({ path: 'Vehicle.Cabin.Gear', value: 'D', ts: 100.5, stale: false });
    clock.advanceBy(200);
    await answers(store);
    expect(commits).toEqual([7]); // 5 speed buckets, the trunk, the gear
    const history = store.signalHistory({ path: 'Vehicle.Speed', from_ts: 0, to_ts: 200, max_points: 100 });
    expect(history.points.map(([, v]) => v)).toEqual([9, 19, 29, 39, 49]);
    expect(history.points[0][0]).toBeCloseTo(100.9);
    expect(store.signalHistory({ path: 'Vehicle.Body.Trunk.IsOpen', from_ts: 0, to_ts: 200, max_points: 10 }).points).toEqual([[100.5, 1]]);
    // Strings are stored but have no place on a chart.
    expect(store.signalHistory({ path: 'Vehicle.Cabin.Gear', from_ts: 0, to_ts: 200, max_points: 10 }).points).toEqual([]);
    // A later sample in an already committed bucket replaces it (still one row).
    store.recordSignal({ path: 'Vehicle.Speed', value: 7, ts: 104.99, stale: false });
    expect(store.signalHistory({ path: 'Vehicle.Speed', from_ts: 104, to_ts: 105, max_points: 10 }).points).toEqual([[104.99, 7]]);
  });

  it('writes an open signal bucket once it has ended by the clock, or on flush', async () => {
    const store = open({ signalIntervalS: 1, batchMs: 200 });
    const commits: number[] = [];
    store.committed$.subscribe((c) => commits.push(c.signals));
    const nowS = clock.now() / 1000; // a bucket boundary
    store.recordSignal({ path: 'Vehicle.Speed', value: 1, ts: nowS, stale: false });
    clock.advanceBy(200);
    store.recordSignal({ path: 'Vehicle.Speed', value: 2, ts: nowS + 0.2, stale: false });
    clock.advanceBy(600);
    expect(commits).toEqual([]); // the bucket [now, now + 1 s) is still open
    clock.advanceBy(400);
    await answers(store);
    expect(commits).toEqual([1]);
    expect(clock.pendingTimers).toBe(0); // idle: no timer re-armed
    expect(peek<{ value: number }>('SELECT value FROM signals').value).toBe(2);
    store.recordSignal({ path: 'Vehicle.Speed', value: 3, ts: nowS + 1.5, stale: false });
    store.flush();
    expect(commits).toEqual([1, 1]);
  });

  it('reduces a long signal history to max_points, the latest of each slice', () => {
    const store = open({ signalIntervalS: 1 });
    for (let i = 0; i < 1000; i++) store.recordSignal({ path: 'p', value: i, ts: i, stale: false });
    const { points } = store.signalHistory({ path: 'p', from_ts: 0, to_ts: 999, max_points: 10 });
    expect(points).toHaveLength(10);
    expect(points[9]).toEqual([999, 999]);
    expect(points.every(([ts, v], i) => ts === v && (i === 0 || ts > points[i - 1][0]))).toBe(true);
  });

  it('keeps settings as JSON across reopen', () => {
    let store = open();
    store.setSetting('ui', { theme: 'dark', zoom: 1.5 });
    expect(store.getSetting('missing')).toBeUndefined();
    store.close();
    store = open();
    expect(store.getSetting('ui')).toEqual({ theme: 'dark', zoom: 1.5 });
  });

  it('refuses invalid writes without throwing and counts them', () => {
    const store = open();
    store.appendEvent({ name: 'x', ts: Number.NaN, evidence: {} });
    store.recordSignal({ path: 'p', value: Number.NaN as unknown as string, ts: Number.POSITIVE_INFINITY, stale: false });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    store.appendEvent({ name: 'cyclic', ts: 1, evidence: cyclic as CarEventInfo['evidence'] });
    store.appendEvent(event('ok', 2));
    store.flush();
    expect(store.events({ limit: 10 }).map((e) => e.name)).toEqual(['ok']);
    expect(store.stats().dropped).toBe(3);
  });

  it('keeps a batch that failed to commit (a locked file) and commits it on the retry', async () => {
    const store = open({ busyTimeoutMs: 10, batchMs: 100 });
    const errors: string[] = [];
    const commits: number[] = [];
    store.errors$.subscribe((e) => errors.push(e.code));
    store.committed$.subscribe((c) => commits.push(c.events));
    const other = new Database(store.path);
    other.exec('BEGIN IMMEDIATE');
    try {
      store.appendEvent(event('e1', 1));
      clock.advanceBy(100);
      await firstValueFrom(store.errors$);
      expect(errors).toEqual(['store.locked']);
      store.appendEvent(event('e2', 2));
      expect(store.stats()).toMatchObject({ queued: 2, failedBatches: 1 });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    clock.advanceBy(100);
    await answers(store);
    expect(commits).toEqual([2]);
    expect(store.events({ limit: 10 }).map((e) => e.name)).toEqual(['e2', 'e1']);
  });

  it('leaves no timer after close; later writes are dropped and reads refused', () => {
    const store = open({ retention: { maxAgeDays: 30, maxSizeMb: 100 } });
    store.appendEvent(event('before-close', 1));
    expect(clock.pendingTimers).toBeGreaterThan(0);
    store.close();
    expect(clock.pendingTimers).toBe(0);
    store.appendEvent(event('after-close', 2));
    expect(clock.pendingTimers).toBe(0);
    expect(() => store.events({ limit: 1 })).toThrow(expect.objectContaining({ code: 'store.closed' }));
    store.close();
    const reopened = open();
    expect(reopened.events({ limit: 10 }).map((e) => e.name)).toEqual(['before-close']);
  });

  it('refuses nonsense options with a StoreError', () => {
    expect(() => open({ signalIntervalS: 0 })).toThrow(expect.objectContaining({ code: 'store.value', message: expect.stringContaining('signalIntervalS must be a number > 0') }));
    expect(() => open({ maxBatchRows: 0 })).toThrow(expect.objectContaining({ code: 'store.value' }));
  });

  it('opens read-only for queries: no writes, no key file', () => {
    open().appendEvent(event('e', 1));
    opened.pop()!.close();
    const store = open({ readOnly: true });
    expect(store.events({ limit: 10 }).map((e) => e.name)).toEqual(['e']);
    expect(() => store.setSetting('a', 1)).toThrow(expect.objectContaining({ code: 'store.unwritable' }));
    expect(() => openStore({ path: path.join(dir, 'none.db'), scheduler: clock, readOnly: true })).toThrow(expect.objectContaining({ code: 'store.unwritable' }));
  });
});

describe('defaultDataDir', () => {
  it('follows XDG_DATA_HOME, else ~/.local/share', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/x/data', HOME: '/home/u' })).toBe('/x/data/homeward');
    expect(defaultDataDir({ XDG_DATA_HOME: 'relative', HOME: '/home/u' })).toBe('/home/u/.local/share/homeward');
    expect(defaultDataDir({ HOME: '/home/u' })).toBe('/home/u/.local/share/homeward');
  });
});
