import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatTable } from './miio-bench-support.js';
import { bareDecode, benchConfig, bestOf, fmtInt, manyAutomations, ratio, replayThroughRuntime, writeLongDemoLog, type ReplayFigures } from './runtime-bench-support.js';

/**
 * The demo drive through the whole runtime at --speed max, dry run, services off, as `homeward replay`
 * runs it: candump -L text → frames → decode → VSS → vehicle state → car events → automations →
 * intended device actions. The drive is concatenated COPIES times (timestamps shifted) into one temp
 * log, so each copy leaves home and arrives again. Rows: the demo's 4 automations (issue 7) and 20
 * automations (issue 8). Peer, same run: the bare decode path (readCandumpLog + toSignalUpdates,
 * no runtime) on the same file. Best of ROUNDS after a warm-up. Target: ≥ 500 k frames/s on one core.
 */

const COPIES = Number(process.env.HOMEWARD_BENCH_RUNTIME_COPIES ?? 20);
const ROUNDS = Number(process.env.HOMEWARD_BENCH_RUNTIME_ROUNDS ?? 3);

export async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-bench-runtime-'));
  try {
    const log = path.join(dir, 'drive-x20.log');
    const lines = writeLongDemoLog(log, COPIES);
    const can = `candump:${log}`;
    const demo = await benchConfig(dir, { can });
    const twenty = await benchConfig(dir, { can, automations: manyAutomations(20) });

    const bare = await bestOf(ROUNDS, () => bareDecode(log));
    const withDemo = await bestOf(ROUNDS, () => replayThroughRuntime(demo));
    const withTwenty = await bestOf(ROUNDS, () => replayThroughRuntime(twenty));
    for (const r of [bare, withDemo, withTwenty]) if (r.frames !== lines) throw new Error(`expected ${lines} frames, got ${r.frames}`);

    const rate = (r: ReplayFigures): number => r.frames / (r.ms / 1000);
    const row = (name: string, r: ReplayFigures): string[] => [
      name, fmtInt(r.frames), fmtInt(r.updates), String(r.events), String(r.runs), String(r.actions), (r.ms / 1000).toFixed(3), fmtInt(rate(r)), ratio(r.ms, bare.ms),
    ];
    process.stdout.write(
      `Demo drive x${COPIES} (${fmtInt(lines)} frames) through createRuntime at --speed max, dry run, services off; best of ${ROUNDS}, one core\n` +
        `${formatTable(['path', 'frames', 'updates', 'events', 'runs', 'actions', 'seconds', 'frames/s', 'time vs bare'], [
          row('peer: bare decode (readCandumpLog + toSignalUpdates)', bare),
          row('runtime, demo automations (4)', withDemo),
          row('runtime, 20 automations', withTwenty),
        ])}\n` +
        `runtime ${fmtInt(rate(withDemo) / 1000)} k frames/s with the demo's automations, ${fmtInt(rate(withTwenty) / 1000)} k frames/s with 20 (target >= 500 k); ` +
        `the runtime costs ${ratio(withDemo.ms, bare.ms)} / ${ratio(withTwenty.ms, bare.ms)} the bare decode's time\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
