import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../base/manual-clock.js';
import { openStore } from './open-store.js';
import type { HomewardStore, StoreOptions } from './store-types.js';

/**
 * The commit worker (commit-worker.ts) with real threads and a real file: the signal path only
 * queues, commits are answered asynchronously, "committed" means another connection sees the rows,
 * reads and flush() wait for the worker, and close() leaves no thread or port behind.
 */
let dir: string;
let clock: ManualClock;
const opened: HomewardStore[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-commit-worker-'));
  clock = new ManualClock(1_700_000_000_000);
});

afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(options: Partial<StoreOptions> = {}): HomewardStore {
  const store = openStore({ path: path.join(dir, 'homeward.db'), scheduler: clock, ...options });
  opened.push(store);
  return store;
}

function count(file: string, table: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const threads = (): number => readdirSync('/proc/self/task').length;

/** Turns of the event loop (no timers) until `done` holds; false if it never did. */
async function turnsUntil(done: () => boolean, maxTurns = 200_000): Promise<boolean> {
  for (let i = 0; i < maxTurns; i++) {
    if (done()) return true;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return done();
}

describe('commit worker', () => {
  it('never commits on the signal path: past maxBatchRows the batch goes to the worker and is answered later', async () => {
    const store = open({ maxBatchRows: 500, signalIntervalS: 1 });
    const commits: number[] = [];
    store.committed$.subscribe((c) => commits.push(c.signals));
    for (let i = 0; i < 5000; i++) store.recordSignal({ path: `p${i % 10}`, value: i, ts: 1000 + i * 0.1, stale: false });
    expect(commits).toEqual([]); // nothing committed synchronously
    expect(store.stats().queued).toBeGreaterThan(0);
    await firstValueFrom(store.committed$);
    expect(commits.length).toBeGreaterThan(0);
    store.flush();
    expect(commits.reduce((a, b) => a + b, 0)).toBe(5000); // 500 buckets x 10 paths, each once
    expect(count(store.path, 'signals')).toBe(5000);
  });

  it('reports a batch committed only once another connection sees it', async () => {
    const store = open();
    const seen: number[] = [];
    store.committed$.subscribe(() => seen.push(count(store.path, 'events')));
    for (let i = 0; i < 3; i++) store.appendEvent({ name: 'e', ts: i, evidence: { i } });
    clock.advanceBy(200);
    await firstValueFrom(store.committed$);
    expect(seen).toEqual([3]);
  });

  it('reads see writes made just before them, string values and new paths included', () => {
    const store = open({ signalIntervalS: 1 });
    store.recordSignal({ path: 'Vehicle.Cabin.Gear', value: 'D', ts: 10, stale: false });
    store.recordSignal({ path: 'Vehicle.Speed', value: 42, ts: 10.5, stale: false });
    store.appendEvent({ name: 'home.arrived', ts: 11, evidence: {} });
    expect(store.events({ limit: 5 }).map((e) => e.name)).toEqual(['home.arrived']);
    expect(store.signalHistory({ path: 'Vehicle.Speed', from_ts: 0, to_ts: 20, max_points: 5 }).points).toEqual([[10.5, 42]]);
    const db = new Database(store.path, { readonly: true });
    expect(db.prepare("SELECT value FROM signals WHERE path = 'Vehicle.Cabin.Gear'").get()).toEqual({ value: 'D' });
    db.close();
  });

  it('flush() is post + wait: when it returns the rows are on disk', () => {
    const store = open({ maxBatchRows: 10 });
    for (let i = 0; i < 95; i++) store.appendEvent({ name: 'e', ts: i, evidence: {} });
    store.flush();
    expect(count(store.path, 'events')).toBe(95);
    expect(store.stats()).toMatchObject({ queued: 0, failedBatches: 0 });
  });

  it('close() drains the worker and leaves no thread or port', async () => {
    const before = threads();
    const store = open();
    store.appendEvent({ name: 'last', ts: 1, evidence: {} });
    clock.advanceBy(200); // posted, not answered yet
    store.close();
    expect(count(store.path, 'events')).toBe(1);
    // The thread and the closed port go a moment later (asynchronously), and nothing waits on them.
    expect(await turnsUntil(() => threads() <= before && !process.getActiveResourcesInfo().includes('MessagePort'))).toBe(true);
  });
});
