import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/base/manual-clock.js';
import { main } from '../../core/cli/main.js';
import { openStore } from '../../core/store/open-store.js';
import { recordIo } from './cli-io.js';

/** `homeward history …` in-process against a store written here. */
let dir: string;
let db: string;
const T = 1_764_576_000; // 2025-12-01T08:00:00Z

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-cli-history-'));
  db = path.join(dir, 'homeward.db');
  const store = openStore({ path: db, scheduler: new ManualClock(T * 1000) });
  store.appendEvent({ name: 'home.leaving', ts: T, evidence: { distance_m: 40 } });
  store.appendEvent({ name: 'home.arrived', ts: T + 600, evidence: { speed_kmh: 0, door: 'closed' } });
  store.appendRun({
    run_id: 'run-1', automation: 'arrive', alias: 'Arrive home', ts: T + 600, end_ts: T + 601, result: 'finished',
    trigger: { path: 'trigger/0', description: 'event home.arrived' },
    trace: [
      { path: 'trigger/0', start_ts: T + 600, end_ts: T + 600 },
      { path: 'action/0', start_ts: T + 600, end_ts: T + 601, result: { params: { power: true } } },
    ],
  });
  for (let i = 0; i < 10; i++) store.recordSignal({ path: 'Vehicle.Speed', value: 10 * i, ts: T + i, stale: false });
  store.close();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function history(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = recordIo();
  const code = await main(['history', ...args], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('homeward history', () => {
  it('events: newest first, text and json', async () => {
    const text = await history('events', '--db', db);
    expect(text).toMatchObject({ code: 0, err: '' });
    expect(text.out).toBe('2025-12-01T08:10:00.000Z  home.arrived  speed_kmh=0 door=closed\n2025-12-01T08:00:00.000Z  home.leaving  distance_m=40\n');
    const json = await history('events', '--db', db, '--format', 'json', '--limit', '1');
    expect(json.out.trim().split('\n').map((l) => JSON.parse(l))).toEqual([{ name: 'home.arrived', ts: T + 600, evidence: { speed_kmh: 0, door: 'closed' } }]);
    expect((await history('events', '--db', db, '--before', String(T + 600))).out).toContain('home.leaving');
  });

  it('runs and trace', async () => {
    const runs = await history('runs', '--db', db, '--automation', 'arrive');
    expect(runs.out).toBe('2025-12-01T08:10:00.000Z  run-1  arrive  finished  trigger trigger/0: event home.arrived\n');
    const trace = await history('trace', 'run-1', '--db', db);
    expect(trace.code).toBe(0);
    expect(trace.out).toContain('2 trace element(s)');
    expect(trace.out).toMatch(/action\/0 +2025-12-01T08:10:00.000Z → 2025-12-01T08:10:01.000Z {2}\{"params":\{"power":true\}\}/);
    const json = JSON.parse((await history('trace', 'run-1', '--db', db, '--format', 'json')).out);
    expect(json.trace).toHaveLength(2);
    expect(await history('trace', 'nope', '--db', db)).toMatchObject({ code: 1, out: '' });
  });

  it('signals: points in a range, at most --limit', async () => {
    const all = await history('signals', 'Vehicle.Speed', '--db', db, '--from', String(T), '--to', String(T + 9), '--format', 'json');
    expect(all.out.trim().split('\n')).toHaveLength(10);
    const few = await history('signals', 'Vehicle.Speed', '--db', db, '--from', String(T), '--to', String(T + 9), '--limit', '2');
    expect(few.out.trim().split('\n')).toEqual(['2025-12-01T08:00:04.000Z  Vehicle.Speed  40', '2025-12-01T08:00:09.000Z  Vehicle.Speed  90']);
  });

  it('bad usage exits 64; a missing or corrupt database exits 2 naming the file', async () => {
    expect((await history('events', '--db', db, 'extra')).code).toBe(64);
    expect((await history('events', '--automation', 'x', '--db', db)).code).toBe(64);
    expect((await history('trace', '--db', db)).code).toBe(64);
    expect((await history('bogus')).code).toBe(64);
    const missing = await history('events', '--db', path.join(dir, 'none.db'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(path.join(dir, 'none.db'));
    const corrupt = await history('events', '--db', path.join(dir, '..', path.basename(dir)));
    expect(corrupt.code).toBe(2);
  });

  it('reads the default data directory from XDG_DATA_HOME', async () => {
    const saved = process.env.XDG_DATA_HOME;
    process.env.XDG_DATA_HOME = path.join(dir, 'xdg');
    try {
      const result = await history('events');
      expect(result.code).toBe(2);
      expect(result.err).toContain(path.join(dir, 'xdg', 'homeward', 'homeward.db'));
    } finally {
      if (saved === undefined) delete process.env.XDG_DATA_HOME;
      else process.env.XDG_DATA_HOME = saved;
    }
  });
});
