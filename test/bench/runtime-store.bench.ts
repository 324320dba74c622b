import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { formatTable, median } from './miio-bench-support.js';
import { benchConfig, fmtInt, manyAutomations, ratio, replayThroughRuntime, writeLongDemoLog, type ReplayFigures } from './runtime-bench-support.js';

/**
 * The same replay with and without the store (issue 9): the demo drive x COPIES through createRuntime
 * at --speed max, dry run, 20 automations, once with services {store: true, mqtt: false, web: false,
 * dataDir: a fresh temporary folder} and once with the store off. The with-store time runs from
 * createRuntime to stop() (the last batch committed and the file closed), so opening, migrating and
 * flushing are in it. Rounds alternate off/on so drift hits both; medians compared.
 * Target: with / without <= 1.1x.
 */

const COPIES = Number(process.env.HOMEWARD_BENCH_RUNTIME_COPIES ?? 20);
const ROUNDS = Number(process.env.HOMEWARD_BENCH_STORE_ROUNDS ?? 5);
/** storage.signal_interval_s: one stored value per path per this many seconds (the config's default 1). */
const SIGNAL_INTERVAL_S = Number(process.env.HOMEWARD_BENCH_STORE_SIGNAL_INTERVAL_S ?? 1);

export async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-bench-runtime-store-'));
  try {
    const log = path.join(dir, 'drive.log');
    const lines = writeLongDemoLog(log, COPIES);
    const config = await benchConfig(dir, { can: `candump:${log}`, automations: manyAutomations(20), storage: { signal_interval_s: SIGNAL_INTERVAL_S } });
    let n = 0;
    const withStore = async (): Promise<ReplayFigures & { rows: Record<string, number>; bytes: number }> => {
      const dataDir = path.join(dir, `data-${n++}`);
      const r = await replayThroughRuntime(config, { services: { store: true, mqtt: false, web: false, dataDir } });
      const file = path.join(dataDir, 'homeward.db');
      const db = new Database(file, { readonly: true });
      const tables = ['events', 'runs', 'signals', 'device_states'];
      const rows: Record<string, number> = {};
      for (const t of tables) {
        try {
          rows[t] = (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
        } catch {
          // a table another version of the schema names differently
        }
      }
      db.close();
      const bytes = statSync(file).size;
      rmSync(dataDir, { recursive: true, force: true });
      return { ...r, rows, bytes };
    };
    const without = (): Promise<ReplayFigures> => replayThroughRuntime(config);

    await without(); // warm-up: JIT, file cache
    await withStore();
    const off: number[] = [];
    const on: number[] = [];
    let last: Awaited<ReturnType<typeof withStore>> | null = null;
    for (let i = 0; i < ROUNDS; i++) {
      off.push((await without()).ms);
      last = await withStore();
      on.push(last.ms);
      if (last.frames !== lines) throw new Error(`expected ${lines} frames, got ${last.frames}`);
    }
    const offMs = median(off);
    const onMs = median(on);
    const stored = last ? Object.entries(last.rows).map(([t, c]) => `${t} ${fmtInt(c)}`).join(', ') : '';
    process.stdout.write(
      `Replay of the demo drive x${COPIES} (${fmtInt(lines)} frames, 20 automations, dry run) with and without the store (signal_interval_s ${SIGNAL_INTERVAL_S}); medians of ${ROUNDS}, alternated\n` +
        `${formatTable(['runtime', 'seconds (median)', 'min', 'max', 'frames/s', 'vs store off'], [
          ['peer: store off', (offMs / 1000).toFixed(3), (Math.min(...off) / 1000).toFixed(3), (Math.max(...off) / 1000).toFixed(3), fmtInt(lines / (offMs / 1000)), '1.00x'],
          ['store on (SQLite WAL, temp dir)', (onMs / 1000).toFixed(3), (Math.min(...on) / 1000).toFixed(3), (Math.max(...on) / 1000).toFixed(3), fmtInt(lines / (onMs / 1000)), ratio(onMs, offMs)],
        ])}\n` +
        `with the store ${ratio(onMs, offMs)} the time without (target <= 1.1x); one replay stored ${stored} rows in ${fmtInt((last?.bytes ?? 0) / 1024)} KiB (main file, before WAL checkpoint)\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
