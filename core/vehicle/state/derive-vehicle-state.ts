/**
 * Raw VSS values → the derived values the rest of Homeward needs (moving, parked, ignition, gear).
 * Pure functions; the vehicle state and the car-event detectors both use them.
 */
import type { VssValue } from '../signal-updates.js';
import type { DerivedVehicleState, Gear, IgnitionState } from './vss-sample.js';
import { VSS } from './vss-paths.js';

/** Above this the car moves (km/h): wheel-speed sensors read a few tenths while creeping to a stop. */
export const MOVING_SPEED_KMH = 1;

const IGNITION_STATES: ReadonlySet<string> = new Set(['undefined', 'lock', 'off', 'acc', 'on', 'start']);

/** VSS 4.0 SelectedGear: 126 P, 127 D, -1 R, 0 N; other numbers are forward (1…) or reverse (−2…) gears. */
export function gearOf(value: VssValue | undefined): Gear | null {
  if (value === undefined || typeof value === 'boolean') return null;
  if (typeof value === 'string') {
    const upper = value.trim().toUpperCase();
    if (upper === 'P' || upper === 'R' || upper === 'N' || upper === 'D') return upper;
    const parsed = Number(upper);
    return upper !== '' && Number.isInteger(parsed) ? gearOf(parsed) : null;
  }
  const code = Number(value);
  if (!Number.isInteger(code)) return null;
  if (code === 126) return 'P';
  if (code === 127) return 'D';
  if (code === -1) return 'R';
  if (code === 0) return 'N';
  return code;
}

/** Vehicle.LowVoltageSystemState ('OFF', 'ACC', 'ON', 'START', 'LOCK', 'UNDEFINED'), lower-cased. */
export function ignitionOf(value: VssValue | undefined): IgnitionState {
  if (typeof value !== 'string') return 'unknown';
  const lower = value.trim().toLowerCase();
  return IGNITION_STATES.has(lower) ? (lower as IgnitionState) : 'unknown';
}

/** Ignition in the sense of car events: the drive train is powered. */
export function isIgnitionOn(ignition: IgnitionState): boolean {
  return ignition === 'on' || ignition === 'start';
}

/** Parking in the sense of the issue: P, or the ignition off or locked. */
export function isParkedBy(gear: Gear | null, ignition: IgnitionState): boolean {
  return gear === 'P' || ignition === 'off' || ignition === 'lock';
}

function numberOf(value: VssValue | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  return null;
}

function booleanOf(value: VssValue | undefined): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/** Derives from a lookup of the latest values (stale ones included: a stale gear is still the last gear). */
export function deriveVehicleState(valueOf: (path: string) => VssValue | undefined): DerivedVehicleState {
  const speedKmh = numberOf(valueOf(VSS.speed));
  const isMoving = booleanOf(valueOf(VSS.isMoving));
  const gear = gearOf(valueOf(VSS.gear));
  const ignition = ignitionOf(valueOf(VSS.lowVoltageSystemState));
  // Wheel speed wins over IsMoving when both are known: it is the finer signal.
  const moving = speedKmh !== null ? Math.abs(speedKmh) > MOVING_SPEED_KMH : isMoving === true;
  return {
    moving,
    parked: !moving && isParkedBy(gear, ignition),
    ignition,
    gear,
    speedKmh,
    socPct: numberOf(valueOf(VSS.stateOfCharge)),
    charging: booleanOf(valueOf(VSS.isCharging)),
  };
}

export function sameDerivedState(a: DerivedVehicleState, b: DerivedVehicleState): boolean {
  return a.moving === b.moving && a.parked === b.parked && a.ignition === b.ignition && a.gear === b.gear &&
    a.speedKmh === b.speedKmh && a.socPct === b.socPct && a.charging === b.charging;
}
