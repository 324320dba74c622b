import type { VssValue } from '../signal-updates.js';

/** The latest value of one VSS path, as the vehicle state keeps it. */
export interface VssSample {
  readonly path: string;
  readonly value: VssValue;
  /** Seconds since the epoch of the update (SignalUpdate.ts). */
  readonly ts: number;
  /** True when the path was not refreshed within its expected cycle × the stale factor. */
  readonly stale: boolean;
}

/** VSS 4.0 SelectedGear codes: 126 P, 127 D, -1 R, 0 N; other numbers are forward gears. */
export type Gear = 'P' | 'R' | 'N' | 'D' | number;

/** Vehicle.LowVoltageSystemState (VSS 4.0 allowed values), lower-cased. */
export type IgnitionState = 'undefined' | 'lock' | 'off' | 'acc' | 'on' | 'start' | 'unknown';

/** Values the rest of Homeward needs, derived from raw paths. */
export interface DerivedVehicleState {
  readonly moving: boolean;
  readonly parked: boolean;
  readonly ignition: IgnitionState;
  readonly gear: Gear | null;
  readonly speedKmh: number | null;
  readonly socPct: number | null;
  readonly charging: boolean | null;
}
