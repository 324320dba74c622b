import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../base/manual-clock.js';
import { openStore } from './open-store.js';
import type { HomewardStore, StoreOptions } from './store-types.js';

const NOW_S = 1_700_000_000;
const DAY_S = 86_400;
let dir: string;
let clock: ManualClock;
const opened: HomewardStore[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-retention-'));
  clock = new ManualClock(NOW_S * 1000);
});

afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(options: Partial<StoreOptions>): HomewardStore {
  const store = openStore({ path: path.join(dir, 'homeward.db'), scheduler: clock, ...options });
  opened.push(store);
  return store;
}

describe('retention', () => {
  it('drops rows older than maxAgeDays in every history table, keeping devices', () => {
    const store = open({ retention: { maxAgeDays: 30, maxSizeMb: 1000 } });
    for (const ageDays of [40, 31, 29, 1]) {
      const ts = NOW_S - ageDays * DAY_S;
      store.appendEvent({ name: `e${ageDays}`, ts, evidence: {} });
      store.recordSignal({ path: 'p', value: ageDays, ts, stale: false });
      store.appendRun({ run_id: `r${ageDays}`, automation: 'a', ts, end_ts: ts, result: 'finished', trigger: { path: 'trigger/0', description: '' }, trace: [] });
    }
    store.recordDevice({ id: 'd', name: 'd', model: 'm', family: 'f', online: true, values: {}, ts: NOW_S - 40 * DAY_S, properties: [], actions: [] });
    store.applyRetention();
    expect(store.events({ limit: 10 }).map((e) => e.name)).toEqual(['e1', 'e29']);
    expect(store.runs({ limit: 10 }).map((r) => r.run_id)).toEqual(['r1', 'r29']);
    expect(store.signalHistory({ path: 'p', from_ts: 0, to_ts: NOW_S, max_points: 10 }).points.map(([, v]) => v)).toEqual([29, 1]);
    expect(store.deviceHistory('d', 10)).toEqual([]);
    expect(store.lastDevices().map((d) => d.id)).toEqual(['d']);
  });

  it('runs after a commit at most once per retentionIntervalMs of scheduler time, with no timer of its own', async () => {
    const store = open({ retention: { maxAgeDays: 1, maxSizeMb: 1000 }, retentionIntervalMs: 60_000, batchMs: 200 });
    store.appendEvent({ name: 'soon-old', ts: NOW_S - DAY_S + 90, evidence: {} });
    clock.advanceBy(200); // commit, and the first retention: the event is not a day old yet
    await firstValueFrom(store.committed$);
    expect(clock.pendingTimers).toBe(0);
    clock.advanceBy(120_000); // idle: nothing runs
    store.appendEvent({ name: 'fresh', ts: NOW_S, evidence: {} });
    clock.advanceBy(200); // commit 120 s after the last retention: the first event is now a day and 30 s old
    expect(store.events({ limit: 10 }).map((e) => e.name)).toEqual(['fresh']);
    store.close();
    expect(clock.pendingTimers).toBe(0);
  });

  it('a clock jumping years ahead runs retention once, not once per interval', async () => {
    const early = new ManualClock(0);
    const store = openStore({ path: path.join(dir, 'jump.db'), scheduler: early, retention: { maxAgeDays: 30, maxSizeMb: 1000 }, retentionIntervalMs: 1000 });
    opened.push(store);
    store.appendEvent({ name: 'e', ts: NOW_S, evidence: {} });
    early.advanceTo(NOW_S * 1000);
    await firstValueFrom(store.committed$);
    expect(store.stats().committedBatches).toBe(1);
    expect(store.events({ limit: 5 }).map((e) => e.name)).toEqual(['e']);
  });

  it('trims the oldest rows past maxSizeMb and gives the pages back to the file system', () => {
    const store = open({ signalIntervalS: 1, maxBatchRows: 5000 });
    for (let i = 0; i < 60_000; i++) store.recordSignal({ path: `Vehicle.Path${i % 20}`, value: i, ts: NOW_S - 60_000 + i, stale: false });
    for (let i = 0; i < 2000; i++) store.appendEvent({ name: 'e', ts: NOW_S - 60_000 + i * 30, evidence: { i } });
    store.close();
    opened.pop();
    const file = path.join(dir, 'homeward.db');
    const before = statSync(file).size;
    expect(before).toBeGreaterThan(2 * 1024 * 1024);
    const trimmed = open({ retention: { maxAgeDays: 365, maxSizeMb: 1 } });
    trimmed.applyRetention();
    const used = trimmed.database.pragma('page_count', { simple: true }) as number;
    expect(used * 4096).toBeLessThanOrEqual(1024 * 1024);
    expect(statSync(file).size).toBeLessThan(before / 2);
    // The newest data is what stays.
    const { points } = trimmed.signalHistory({ path: 'Vehicle.Path19', from_ts: 0, to_ts: NOW_S, max_points: 5000 });
    expect(points.at(-1)).toEqual([NOW_S - 1, 59_999]);
    expect(points[0][0]).toBeGreaterThan(NOW_S - 60_000);
    expect(trimmed.events({ limit: 1 })[0].evidence).toEqual({ i: 1999 });
  });
});
