/**
 * Writes core/vehicle/demo/drive-home.log: the demo EV's 6-minute drive, as candump -L, every frame
 * encoded with Homeward's codec from homeward-ev.dbc at its GenMsgCycleTime. Ignition on at home,
 * out through the suburb and round a loop (a red light, a ring road, a stop sign), back home, park,
 * ignition off, the driver's door opens and closes, the car locks, the cable goes in, charging starts.
 * Deterministic: the same bytes on every run (a seeded PRNG for jitter, no clock). The model and the
 * messages live in core/sim/vehicle/, which also drives the live simulated car (`homeward sim vehicle`).
 *
 *   npx tsx test/tools/make-demo-drive.ts [OUT]      (default: core/vehicle/demo/drive-home.log)
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatCandumpLine } from '../../core/can/candump.js';
import { createDbcCodec, type DbcCodec } from '../../core/dbc/codec.js';
import { loadDbcFile } from '../../core/dbc/load-dbc-file.js';
import { demoDriveLogPath, homewardEvDbcPath } from '../../core/vehicle/demo/paths.js';
import { DEMO_HOME, GRID_S, simulateDrive, TIMELINE } from '../../core/sim/vehicle/drive-model.js';
import { DEMO_MESSAGES } from '../../core/sim/vehicle/demo-messages.js';
import { seededRandom as prng } from '../../core/base/seeded-random.js';

/** 2024-06-17 16:00:00 UTC, in microseconds: where the log's clock starts. */
const START_US = 1_718_640_000_000_000;
const CHANNEL = 'vcan0';

/** The whole log as text, one candump -L line per frame, in time order. */
export function makeDemoDrive(codec: DbcCodec = createDbcCodec(loadDbcFile(homewardEvDbcPath()))): string {
  const course = { headingDeg: 90 };
  const samples = simulateDrive();
  const rand = prng(0x484f4d45); // "HOME"
  const frames: { us: number; order: number; line: string }[] = [];
  const endUs = TIMELINE.end * 1e6;
  DEMO_MESSAGES.forEach(({ name, phaseMs, signals }, order) => {
    const compiled = codec.getMessageByName(name);
    if (compiled === undefined) throw new Error(`homeward-ev.dbc has no message ${name}`);
    const { cycleTime, frameId, isExtendedFrame } = compiled.message;
    if (cycleTime === null) throw new Error(`${name} has no GenMsgCycleTime`);
    for (let count = 0; ; count++) {
      // Up to 0.2 ms of transmit jitter, as a real ECU's scheduler and bus arbitration give.
      const offsetUs = count * cycleTime * 1000 + phaseMs * 1000 + Math.floor(rand() * 200);
      if (offsetUs >= endUs) break;
      const t = offsetUs / 1e6;
      const index = Math.min(samples.length - 1, Math.round(t / GRID_S));
      const before = samples[Math.max(0, index - Math.round(1 / GRID_S))];
      const data = codec.encode(name, signals({ t, s: samples[index], before, count, rand, home: DEMO_HOME, course }));
      const us = START_US + offsetUs;
      const line = formatCandumpLine({ id: frameId, extended: isExtendedFrame, fd: false, rtr: false, error: false, data, ts: us / 1e6, channel: CHANNEL });
      frames.push({ us, order, line });
    }
  });
  frames.sort((a, b) => a.us - b.us || a.order - b.order);
  return frames.map((f) => `${f.line}\n`).join('');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? demoDriveLogPath();
  const text = makeDemoDrive();
  writeFileSync(out, text);
  process.stdout.write(`wrote ${out}: ${text.split('\n').length - 1} frames, ${Buffer.byteLength(text)} bytes\n`);
}
