/**
 * A tiny scripted drive for the detectors' unit tests: straight legs at constant speed (10 Hz
 * wheel speed, 1 Hz fixes, exact unless told), standing still, gear and power changes. Positions
 * are metres east/north of home. (The realistic, noisy drive set is test/tools/drives/.)
 */
import type { SignalUpdate, VssValue } from '../../signal-updates.js';
import { createLocalFrame, type LocalFrame } from '../local-frame.js';

export const T0 = 1_767_000_000;
export const HOME = { name: 'Home', latitude: 48.1049, longitude: 11.4601, radiusM: 50 } as const;

export class SignalLog {
  readonly updates: SignalUpdate[] = [];
  t = 0;
  east: number;
  north: number;
  private readonly frame: LocalFrame = createLocalFrame(HOME.latitude, HOME.longitude);
  private nextFixT = 0;
  /** Added to the next fixes: { offsetE, offsetN, count }. */
  private burst: { east: number; north: number; left: number } | null = null;
  private dropoutUntilT = -1;

  constructor(east: number, north: number) {
    this.east = east;
    this.north = north;
  }

  get ts(): number {
    return T0 + this.t;
  }

  set(path: string, value: VssValue): this {
    this.updates.push({ path, value, ts: Math.round(this.ts * 1000) / 1000 });
    return this;
  }

  gear(code: 126 | 127 | -1 | 0): this {
    return this.set('Vehicle.Powertrain.Transmission.SelectedGear', code);
  }

  power(mode: 'OFF' | 'ACC' | 'ON' | 'START' | 'LOCK'): this {
    return this.set('Vehicle.LowVoltageSystemState', mode);
  }

  /** The next `count` fixes are off by (east, north) metres. */
  multipath(east: number, north: number, count: number): this {
    this.burst = { east, north, left: count };
    return this;
  }

  /** No fixes for the next `seconds`. */
  dropout(seconds: number): this {
    this.dropoutUntilT = this.t + seconds;
    return this;
  }

  private step(speedKmh: number, headingDeg: number): void {
    this.set('Vehicle.Speed', speedKmh);
    if (this.t + 1e-9 >= this.nextFixT) {
      this.nextFixT = Math.round(this.t) + 1;
      this.set('Vehicle.CurrentLocation.Heading', headingDeg);
      if (this.t >= this.dropoutUntilT) {
        let { east, north } = this;
        if (this.burst !== null) {
          east += this.burst.east;
          north += this.burst.north;
          if (--this.burst.left <= 0) this.burst = null;
        }
        this.set('Vehicle.CurrentLocation.HorizontalAccuracy', 5);
        this.set('Vehicle.CurrentLocation.Latitude', this.frame.latitudeOf(north));
        this.set('Vehicle.CurrentLocation.Longitude', this.frame.longitudeOf(east));
      }
    }
    this.t = Math.round((this.t + 0.1) * 1000) / 1000;
  }

  /** Drives straight to (east, north) at `speedKmh`, then stands (speed 0 from the next sample). */
  driveTo(east: number, north: number, speedKmh: number): this {
    const length = Math.hypot(east - this.east, north - this.north);
    const heading = ((Math.atan2(east - this.east, north - this.north) * 180) / Math.PI + 360) % 360;
    const steps = Math.max(1, Math.round(length / ((speedKmh / 3.6) * 0.1)));
    const [e0, n0] = [this.east, this.north];
    for (let i = 1; i <= steps; i++) {
      this.step(speedKmh, heading);
      this.east = e0 + ((east - e0) * i) / steps;
      this.north = n0 + ((north - n0) * i) / steps;
    }
    return this;
  }

  /** Stands still for `seconds` (speed 0, fixes go on). */
  hold(seconds: number): this {
    for (let i = 0; i < Math.round(seconds * 10); i++) this.step(0, 0);
    return this;
  }
}
