import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { lastValueFrom, reduce } from 'rxjs';
import { replayUpdates } from '../../core/cli/replay-updates.js';
import { createDbcCodec } from '../../core/dbc/codec.js';
import { loadDbcFile } from '../../core/dbc/load-dbc-file.js';
import { bindVssMapping } from '../../core/vehicle/bind-vss-mapping.js';
import { demoDriveLogPath, homewardEvDbcPath, homewardEvVssMappingPath } from '../../core/vehicle/demo/paths.js';
import { createSignalUpdateCounters } from '../../core/vehicle/signal-updates.js';
import { loadVssMappingFile } from '../../core/vehicle/vss-mapping.js';
import { formatTable } from './miio-bench-support.js';

/**
 * The whole replay path on the demo drive: candump -L text → frames (readCandumpLog) → DBC decode →
 * VSS mapping (toSignalUpdates) → updates, at speed 'max' on a virtual clock, exactly what
 * `homeward replay --speed max` runs. Twice: streaming from the file and from text in memory (no disk).
 * Target: ≥ 500 k frames/s. Peer: cantools is not installed here, so no Python figure.
 */

const TARGET_FRAMES = Number(process.env.HOMEWARD_BENCH_REPLAY_FRAMES ?? 1_000_000);

export async function run(): Promise<void> {
  const db = loadDbcFile(homewardEvDbcPath());
  const codec = createDbcCodec(db);
  const bound = bindVssMapping(await loadVssMappingFile(homewardEvVssMappingPath()), db);
  const text = readFileSync(demoDriveLogPath(), 'utf8');

  const pass = async (source: () => string | Readable): Promise<{ frames: number; updates: number }> => {
    const counters = createSignalUpdateCounters();
    const updates = await lastValueFrom(replayUpdates(source(), codec, bound, { speed: 'max', counters }).pipe(reduce((n) => n + 1, 0)));
    if (counters.decodeErrors > 0) throw new Error(`${counters.decodeErrors} decode errors in the demo drive`);
    return { frames: counters.frames, updates };
  };

  const rows: string[][] = [];
  let fileRate = 0;
  for (const [name, source] of [
    ['file (streamed)', () => demoDriveLogPath()],
    ['text in memory', () => Readable.from([text])],
  ] as const) {
    await pass(source); // warm-up
    let frames = 0;
    let updates = 0;
    const start = performance.now();
    while (frames < TARGET_FRAMES) {
      const r = await pass(source);
      frames += r.frames;
      updates += r.updates;
    }
    const seconds = (performance.now() - start) / 1000;
    if (name === 'file (streamed)') fileRate = frames / seconds;
    rows.push([name, frames.toLocaleString('en'), updates.toLocaleString('en'), seconds.toFixed(2), Math.round(frames / seconds).toLocaleString('en')]);
  }
  process.stdout.write(
    `Replay path, demo drive (${db.messages.length} messages, ${bound.mapping.dbc2vss.length} VSS entries), log text -> frames -> decode -> VSS updates, one core\n` +
      `${formatTable(['source', 'frames', 'updates', 'seconds', 'frames/s'], rows)}\n` +
      `homeward ${(fileRate / 1e3).toFixed(0)} k frames/s from the file (target >= 500 k); peer cantools: not installed, skipped\n`,
  );
}
