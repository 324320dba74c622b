/**
 * A simulated drive as the VSS signal updates Homeward would get from the car's CAN bus through the
 * demo mapping: Vehicle.Speed every 100 ms (every second while the car is off: telematics only),
 * IsMoving, SelectedGear (VSS 4.0 codes), LowVoltageSystemState and the driver's door on change,
 * and once a second the GNSS frame (Heading, HorizontalAccuracy, then Latitude and Longitude).
 */
import { createLocalFrame } from '../../../core/vehicle/events/local-frame.js';
import type { SignalUpdate } from '../../../core/vehicle/signal-updates.js';
import type { GearName } from './drive-plan.js';
import { gaussian, type GpsFixSample } from './gps-error-model.js';
import type { Track } from './simulate-drive.js';

const GEAR_CODES: Record<GearName, number> = { P: 126, R: -1, N: 0, D: 127 };
const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

export interface SignalOptions {
  homeLatitude: number;
  homeLongitude: number;
  /** Seconds since the epoch of the track's t = 0. */
  startTs: number;
  /** Wheel-speed calibration (1 ± 1 %: tyre wear). */
  speedScale: number;
  startSocPct: number;
}

export function driveSignals(track: Track, fixes: readonly GpsFixSample[], options: SignalOptions, random: () => number): SignalUpdate[] {
  const frame = createLocalFrame(options.homeLatitude, options.homeLongitude);
  const out: SignalUpdate[] = [];
  const at = (t: number): number => round(options.startTs + t, 3);
  let gear: string | null = null;
  let power: string | null = null;
  let door: boolean | null = null;
  let moving: boolean | null = null;
  let soc = options.startSocPct;
  let lastSocT = -Infinity;
  let lastSpeedT = -Infinity;
  let fixIndex = 0;
  const pushFix = (fix: GpsFixSample): void => {
    const fixTs = at(fix.t);
    out.push({ path: 'Vehicle.CurrentLocation.Heading', value: round(fix.headingDeg, 2), ts: fixTs });
    if (fix.position !== null && fix.accuracyM !== null) {
      out.push({ path: 'Vehicle.CurrentLocation.HorizontalAccuracy', value: fix.accuracyM, ts: fixTs });
      out.push({ path: 'Vehicle.CurrentLocation.Latitude', value: round(frame.latitudeOf(fix.position.north), 7), ts: fixTs });
      out.push({ path: 'Vehicle.CurrentLocation.Longitude', value: round(frame.longitudeOf(fix.position.east), 7), ts: fixTs });
    }
  };
  for (const s of track.samples) {
    const ts = at(s.t);
    // The GNSS frames due before this sample go first: the log stays in time order.
    while (fixIndex < fixes.length && fixes[fixIndex].t < s.t - 1e-9) pushFix(fixes[fixIndex++]);
    if (s.power !== power) out.push({ path: 'Vehicle.LowVoltageSystemState', value: (power = s.power), ts });
    if (s.gear !== gear) out.push({ path: 'Vehicle.Powertrain.Transmission.SelectedGear', value: GEAR_CODES[(gear = s.gear) as GearName], ts });
    if (s.doorOpen !== door) out.push({ path: 'Vehicle.Cabin.Door.Row1.DriverSide.IsOpen', value: (door = s.doorOpen), ts });
    const kmh = s.speedMs * 3.6;
    const speedEveryS = s.power === 'OFF' ? 1 : 0.1;
    if (s.t - lastSpeedT >= speedEveryS - 1e-6) {
      lastSpeedT = s.t;
      const reported = kmh > 0 ? Math.max(0, round(kmh * options.speedScale + gaussian(random) * 0.05, 2)) : 0;
      out.push({ path: 'Vehicle.Speed', value: reported, ts });
      if (reported > 0.5 !== moving) out.push({ path: 'Vehicle.IsMoving', value: (moving = reported > 0.5), ts });
    }
    soc -= s.speedMs * 0.1 * 0.00002; // ~2 % per 10 km
    if (s.t - lastSocT >= 1 - 1e-6) {
      lastSocT = s.t;
      out.push({ path: 'Vehicle.Powertrain.TractionBattery.StateOfCharge.Current', value: round(soc, 2), ts });
    }
  }
  return out;
}

/** The `homeward replay` VSS signal log format: one `{"ts","path","value"}` a line. */
export function toJsonLines(updates: readonly SignalUpdate[]): string {
  return updates.map((u) => JSON.stringify({ ts: u.ts, path: u.path, value: typeof u.value === 'bigint' ? Number(u.value) : u.value })).join('\n') + '\n';
}
