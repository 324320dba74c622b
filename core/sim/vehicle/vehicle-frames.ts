/**
 * The simulated car's frames in time order, lazily: each demo message at its DBC cycle with a phase
 * and up to 0.2 ms of jitter, one loop after another. A loop is the prelude (PRELUDE), the drive of
 * drive-model.ts and a parked wait, charging at home; the odometer and the counters carry on from
 * loop to loop. Pure: times are offsets from the start, in microseconds.
 */
import { seededRandom } from '../../base/seeded-random.js';
import type { CanFrame } from '../../can/frame.js';
import type { DbcCodec } from '../../dbc/codec.js';
import { DEMO_MESSAGES, PRELUDE } from './demo-messages.js';
import { GRID_S, simulateDrive, TIMELINE, type DriveSample, type GeoPoint } from './drive-model.js';

export interface VehicleFramesOptions {
  codec: DbcCodec;
  home: Readonly<GeoPoint>;
  /** Seconds parked at home (charging) between arriving and the next loop's prelude. */
  parkedS: number;
  /** Loops to run (Infinity: for ever). */
  loops: number;
  /** Stop after this many seconds of simulated time, even within a loop. */
  untilS?: number;
  seed: number;
  channel?: string;
}

export interface TimedFrame {
  offsetUs: number;
  /** `ts` is 0: the caller stamps the frame when it goes out. */
  frame: CanFrame;
}

/** Seconds of one loop: prelude, drive, parked wait. */
export const loopSeconds = (parkedS: number): number => -PRELUDE.start + TIMELINE.end + parkedS;

const CHARGE_KW = 11;
const PACK_KWH = 75;

/** The car at drive time t (negative in the prelude, past the end while parked), loop `loop`. */
function sampler(samples: readonly DriveSample[]): (t: number, loop: number) => DriveSample {
  const last = samples[samples.length - 1];
  const loopDistanceM = last.distanceM;
  return (t, loop) => {
    let s: DriveSample;
    if (t < 0) s = samples[0];
    else if (t <= TIMELINE.end) s = samples[Math.min(samples.length - 1, Math.round(t / GRID_S))];
    else {
      // Parked on the cable: the charger keeps going at 11 kW.
      const hours = (t - TIMELINE.end) / 3600;
      const socPercent = Math.min(100, last.socPercent + ((CHARGE_KW * hours) / PACK_KWH) * 100);
      s = { ...last, socPercent, chargePowerKw: CHARGE_KW, packCurrentA: (CHARGE_KW * 1000) / last.packVoltageV };
    }
    return loop === 0 ? s : { ...s, distanceM: s.distanceM + loop * loopDistanceM };
  };
}

/** Every frame of the run, in time order (ties: the order of DEMO_MESSAGES). */
export function* vehicleFrames(options: VehicleFramesOptions): Generator<TimedFrame> {
  const sampleAt = sampler(simulateDrive());
  const rand = seededRandom(options.seed);
  const course = { headingDeg: 90 };
  const loopUs = Math.round(loopSeconds(options.parkedS) * 1e6);
  const endUs = Math.min(options.loops * loopUs, (options.untilS ?? Infinity) * 1e6);
  const messages = DEMO_MESSAGES.map((m) => {
    const compiled = options.codec.getMessageByName(m.name);
    if (compiled === undefined) throw new Error(`the demo DBC has no message ${m.name}`);
    const { cycleTime, frameId, isExtendedFrame } = compiled.message;
    if (cycleTime === null) throw new Error(`${m.name} has no GenMsgCycleTime`);
    return { ...m, cycleUs: cycleTime * 1000, frameId, isExtendedFrame, count: 0, nextUs: m.phaseMs * 1000 + Math.floor(rand() * 200) };
  });
  for (;;) {
    let next = messages[0];
    for (const m of messages) if (m.nextUs < next.nextUs) next = m;
    const offsetUs = next.nextUs;
    if (offsetUs >= endUs) return;
    const loop = Math.floor(offsetUs / loopUs);
    const t = (offsetUs - loop * loopUs) / 1e6 + PRELUDE.start;
    const context = { t, s: sampleAt(t, loop), before: sampleAt(t - 1, loop), count: next.count, rand, home: options.home, course };
    const data = options.codec.encode(next.name, next.signals(context));
    const frame: CanFrame = { id: next.frameId, extended: next.isExtendedFrame, fd: false, rtr: false, error: false, data, ts: 0 };
    if (options.channel !== undefined) frame.channel = options.channel;
    yield { offsetUs, frame };
    next.count++;
    next.nextUs = next.count * next.cycleUs + next.phaseMs * 1000 + Math.floor(rand() * 200);
  }
}
