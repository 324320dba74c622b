import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/base/manual-clock.js';
import { seededRandom } from '../../core/base/seeded-random.js';
import { openStore } from '../../core/store/open-store.js';
import { killAfter } from '../helpers/kill-after.js';
import { transpileForChild } from '../helpers/transpile-for-child.js';

/**
 * Crash safety with real processes: a child (store-crash-child.ts) writes events through openStore
 * and prints `committed <n>` after each commit; we SIGKILL it at a seeded random moment (after K
 * commit lines, a random delay after start-up, or a random delay after spawn that may fall in its
 * start-up and the first migration),
 * reopen the file and check: every event it reported is there, events form a gap-free prefix (a
 * transaction is all or nothing), at most one batch beyond the last report, earlier runs untouched,
 * and `PRAGMA integrity_check` says ok. HOMEWARD_CRASH_KILLS sets the count (default 110), the
 * wall clock only decides when to kill (helpers/kill-after.ts).
 */
const KILLS = Number(process.env.HOMEWARD_CRASH_KILLS ?? 110);
const SEED = Number(process.env.HOMEWARD_CRASH_SEED ?? 0x5eed);
const SPAN = 1_000_000;
const MAX_BATCH_ROWS = 200;
const MAX_EVENTS_PER_TICK = 40;

let dir: string;
let childScript: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-store-crash-'));
  childScript = transpileForChild(path.join(path.dirname(fileURLToPath(import.meta.url)), 'store-crash-child.ts'), 'store-crash');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface ChildRun {
  /** Events the child said were committed (its last complete `committed` line). */
  reported: number;
  ready: boolean;
  signal: NodeJS.Signals | null;
  stderr: string;
}

type Kill = { afterCommits: number } | { afterReadyMs: number } | { afterSpawnMs: number };

/** Starts a writer and kills it after K commit lines, or a delay after its `ready` line or its spawn. */
function runChild(dbPath: string, run: number, seed: number, durability: 'full' | 'normal', kill: Kill): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, dbPath, ...[run, seed, SPAN, MAX_BATCH_ROWS, MAX_EVENTS_PER_TICK].map(String), durability], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const result: ChildRun = { reported: 0, ready: false, signal: null, stderr: '' };
    let commits = 0;
    let buffered = '';
    let cancel = 'afterSpawnMs' in kill ? killAfter(child, kill.afterSpawnMs) : () => undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line === 'ready') {
          result.ready = true;
          if ('afterReadyMs' in kill) cancel = killAfter(child, kill.afterReadyMs);
        }
        const match = /^committed (\d+)$/.exec(line);
        if (match) {
          result.reported = Number(match[1]);
          commits++;
        }
        if ('afterCommits' in kill && result.ready && commits >= kill.afterCommits) child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => void (result.stderr += chunk));
    child.on('error', reject);
    // 'close' comes after both pipes are drained: every line written before the kill has been read.
    child.on('close', (_code, signal) => {
      cancel();
      result.signal = signal;
      resolve(result);
    });
  });
}

describe('store crash safety (SIGKILL)', () => {
  it(`keeps every reported commit across ${KILLS} kills, and the file stays intact`, { timeout: 120_000 }, async () => {
    const dbPath = path.join(dir, 'crash.db');
    const random = seededRandom(SEED);
    const kept = new Map<number, number>();
    let reportedTotal = 0;
    let killedBeforeReady = 0;
    let killsAtSpawn = 0;
    for (let run = 1; run <= KILLS; run++) {
      // Mostly while writing (after K commits, or a few ms after start-up); some during start-up and
      // the first migration, whose length depends on the machine's load.
      const mode = random();
      const kill: Kill = mode < 0.45 ? { afterCommits: Math.floor(random() * 15) } : mode < 0.85 ? { afterReadyMs: Math.floor(random() * 40) } : { afterSpawnMs: Math.floor(random() * 200) };
      if ('afterSpawnMs' in kill) killsAtSpawn++;
      // Both settings keep every commit across a process kill (only power loss tells them apart);
      // most runs use NORMAL, whose commits skip the fsync, to keep the test quick on a busy disk.
      const durability = random() < 0.25 ? 'full' : 'normal';
      const child = await runChild(dbPath, run, Math.floor(random() * 2 ** 31), durability, kill);
      expect(child.signal, `run ${run}: the child must die by SIGKILL, not on its own: ${child.stderr}`).toBe('SIGKILL');
      expect(child.stderr, `run ${run}`).toBe('');
      if (!child.ready) killedBeforeReady++;
      reportedTotal += child.reported;

      const store = openStore({ path: dbPath, scheduler: new ManualClock() });
      try {
        const db = store.database;
        expect(db.pragma('integrity_check', { simple: true }), `run ${run}`).toBe('ok');
        const row = db.prepare('SELECT count(*) AS n, min(ts) AS lo, max(ts) AS hi FROM events WHERE ts >= ? AND ts < ?').get(run * SPAN, (run + 1) * SPAN) as { n: number; lo: number | null; hi: number | null };
        expect(row.n, `run ${run}: reported ${child.reported} committed`).toBeGreaterThanOrEqual(child.reported);
        // Killed between a commit and its line: at most one more batch than reported.
        expect(row.n - child.reported, `run ${run}`).toBeLessThanOrEqual(MAX_BATCH_ROWS + MAX_EVENTS_PER_TICK);
        if (row.n > 0) {
          expect(row.lo, `run ${run}: events start at seq 0`).toBe(run * SPAN);
          expect(row.hi! - row.lo! + 1, `run ${run}: no gap`).toBe(row.n);
        }
        kept.set(run, row.n);
        // Earlier runs keep exactly what they had (checked every 10 runs: the counts are cheap but not free).
        if (run % 10 === 0 || run === KILLS) {
          for (const [earlier, n] of kept) {
            const { count } = db.prepare('SELECT count(*) AS count FROM events WHERE ts >= ? AND ts < ?').get(earlier * SPAN, (earlier + 1) * SPAN) as { count: number };
            expect(count, `run ${earlier} after run ${run}`).toBe(n);
          }
        }
      } finally {
        store.close();
      }
    }
    // The kills must have landed while writing, not only before the first commit.
    expect(reportedTotal).toBeGreaterThan(KILLS * 100);
    expect(killedBeforeReady).toBeLessThanOrEqual(killsAtSpawn);
  });
});
