import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Can, Dbc } from 'candied';
import { parseCandumpLine } from '../../core/can/candump.js';
import type { CanFrame } from '../../core/can/frame.js';
import { createDbcCodec } from '../../core/dbc/codec.js';
import { decodeDbcBytes } from '../../core/dbc/cp1252.js';
import { loadDbcFile } from '../../core/dbc/load-dbc-file.js';
import { parseDbc } from '../../core/dbc/parse-dbc.js';
import { corpusDir } from '../helpers/corpus.js';
import { formatTable } from './miio-bench-support.js';

/**
 * Decoding the Tesla corpus frames (commaai/opendbc tesla_can.dbc), repeated to ≥ 1 M frames on one
 * core: Homeward's compiled codec next to candied 2.2.0 in the same process. Only frames that both
 * libraries take as data of a known message are timed (no error, remote, unknown or short frames).
 * Targets: ≥ 3 M frames/s and ≥ 70× candied. Also parsing tesla_can.dbc (54 KB): median of 15
 * after 5 warm-ups, next to candied's Dbc().load (target: well under 50 ms).
 */

const TARGET_FRAMES = Number(process.env.HOMEWARD_BENCH_FRAMES ?? 5_000_000);
/** candied does ~50 k frames/s; a quarter of the frames gives the same rate in a quarter of the time. */
const CANDIED_FRAMES = Number(process.env.HOMEWARD_BENCH_CANDIED_FRAMES ?? 1_000_000);

function canDir(): string {
  return path.join(corpusDir, 'can');
}

interface Measured {
  frames: number;
  signals: number;
  seconds: number;
}

function measure(frameCount: number, pass: () => number, perPass: number): Measured {
  pass(); // warm-up: the JIT has seen every message once
  const passes = Math.ceil(frameCount / perPass);
  let signals = 0;
  const start = performance.now();
  for (let p = 0; p < passes; p++) signals += pass();
  const seconds = (performance.now() - start) / 1000;
  return { frames: passes * perPass, signals, seconds };
}

export async function run(): Promise<void> {
  const dbcFile = path.join(canDir(), 'dbc/tesla_can.dbc');
  const codec = createDbcCodec(loadDbcFile(dbcFile));
  const lines = readFileSync(path.join(canDir(), 'out/tesla_can.log'), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const frames: CanFrame[] = [];
  for (const line of lines) {
    const frame = parseCandumpLine(line);
    if (frame.error || frame.rtr) continue;
    const compiled = codec.getMessage(frame.id, frame.extended);
    if (compiled === undefined) continue;
    try {
      compiled.decode(frame.data);
    } catch {
      continue; // short frames and undefined multiplexer values: exceptions are not the measured path
    }
    frames.push(frame);
  }

  const candiedDb = new Dbc().load(readFileSync(dbcFile, 'utf8'));
  const can = new Can();
  can.database = candiedDb;
  // candied keys messages by the raw DBC id, so a 29-bit id needs bit 31 ORed in.
  const candiedFrames = frames
    .map((f) => can.createFrame(f.extended ? (f.id | 0x80000000) >>> 0 : f.id, Array.from(f.data), f.extended))
    .filter((frame) => can.decode(frame) !== undefined);

  const ours = measure(TARGET_FRAMES, () => {
    let n = 0;
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i];
      const decoded = codec.decode(f.id, f.extended, f.data);
      if (decoded !== undefined) for (const _ in decoded) n++;
    }
    return n;
  }, frames.length);

  const theirs = measure(CANDIED_FRAMES, () => {
    let n = 0;
    for (let i = 0; i < candiedFrames.length; i++) n += can.decode(candiedFrames[i])?.boundSignals.size ?? 0;
    return n;
  }, candiedFrames.length);

  const medianMs = (parse: () => void): number => {
    for (let i = 0; i < 5; i++) parse();
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const start = performance.now();
      parse();
      times.push(performance.now() - start);
    }
    return times.sort((a, b) => a - b)[7];
  };
  const dbcText = decodeDbcBytes(readFileSync(dbcFile));
  const utf8Text = readFileSync(dbcFile, 'utf8');
  const oursParseMs = medianMs(() => parseDbc(dbcText));
  const theirsParseMs = medianMs(() => new Dbc().load(utf8Text));

  const rate = (m: Measured): number => m.frames / m.seconds;
  const row = (name: string, m: Measured): string[] => [
    name,
    m.frames.toLocaleString('en'),
    (m.signals / m.frames).toFixed(1),
    m.seconds.toFixed(2),
    Math.round(rate(m)).toLocaleString('en'),
  ];
  const ratio = rate(ours) / rate(theirs);
  process.stdout.write(
    `CAN decode, Tesla corpus (${frames.length} corpus frames of ${lines.length} log lines; candied decodes ${candiedFrames.length}), one core\n` +
      `${formatTable(['decoder', 'frames', 'signals/frame', 'seconds', 'frames/s'], [row('homeward codec', ours), row('candied 2.2.0', theirs)])}\n` +
      `ratio homeward/candied: ${ratio.toFixed(1)}x (target >= 70x); homeward ${(rate(ours) / 1e6).toFixed(2)} M frames/s (target >= 3 M)\n` +
      `parse tesla_can.dbc: homeward ${oursParseMs.toFixed(1)} ms, candied ${theirsParseMs.toFixed(1)} ms (median of 15; target well under 50 ms)\n`,
  );
}
