/**
 * The latest raw values the detectors read, folded from the updates in one place, and the pairing
 * of Latitude and Longitude (two updates of one frame) into fixes.
 */
import type { SignalUpdate, VssValue } from '../signal-updates.js';
import { gearOf, ignitionOf, isParkedBy, MOVING_SPEED_KMH } from '../state/derive-vehicle-state.js';
import type { Gear, IgnitionState } from '../state/vss-sample.js';
import { VSS } from '../state/vss-paths.js';

/** Latitude and longitude further apart than this are not one fix. */
const PAIR_WINDOW_S = 0.25;
/** A HorizontalAccuracy older than this no longer describes the fix. */
const ACCURACY_MAX_AGE_S = 5;

export interface GpsFix {
  ts: number;
  latitude: number;
  longitude: number;
  accuracyM: number | null;
}

export interface CarSignals {
  speedKmh: number | null;
  isMoving: boolean | null;
  gear: Gear | null;
  ignition: IgnitionState;
  headingDeg: number | null;
  socPct: number | null;
  charging: boolean | null;
  cableConnected: boolean | null;
  /** Seconds since the epoch of the first gear or ignition update (the parked state is known from then). */
  firstDriveStateTs: number;
  /** Set by the fold when this update completed a fix; cleared on the next update. */
  fix: GpsFix | null;
}

export function createCarSignals(): CarSignals {
  return {
    speedKmh: null, isMoving: null, gear: null, ignition: 'unknown', headingDeg: null, socPct: null,
    charging: null, cableConnected: null, firstDriveStateTs: Number.NaN, fix: null,
  };
}

export function isMovingNow(signals: CarSignals): boolean {
  return signals.speedKmh !== null ? Math.abs(signals.speedKmh) > MOVING_SPEED_KMH : signals.isMoving === true;
}

/** P or ignition off/lock, and standing. */
export function isParkedNow(signals: CarSignals): boolean {
  return !isMovingNow(signals) && isParkedBy(signals.gear, signals.ignition);
}

function finite(value: VssValue): number | null {
  const n = typeof value === 'bigint' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** Folds one update into the signals and into a fix when latitude and longitude pair up. */
export function createSignalFold(): (signals: CarSignals, update: SignalUpdate, ts: number) => void {
  let latitude: number | null = null;
  let latitudeTs = Number.NaN;
  let longitude: number | null = null;
  let longitudeTs = Number.NaN;
  let accuracyM: number | null = null;
  let accuracyTs = Number.NaN;

  const pair = (signals: CarSignals, ts: number): void => {
    if (latitude === null || longitude === null) return;
    if (Math.abs(latitudeTs - longitudeTs) > PAIR_WINDOW_S) return;
    if (Math.abs(latitude) < 1e-6 && Math.abs(longitude) < 1e-6) return; // 0,0: a receiver without a fix
    const accuracy = accuracyM !== null && ts - accuracyTs <= ACCURACY_MAX_AGE_S ? accuracyM : null;
    signals.fix = { ts, latitude, longitude, accuracyM: accuracy };
    latitude = null; // each half used once: the next fix needs both again
    longitude = null;
  };

  return (signals, update, ts) => {
    signals.fix = null;
    const { value } = update;
    switch (update.path) {
      case VSS.speed: {
        const n = finite(value);
        if (n !== null) signals.speedKmh = n;
        return;
      }
      case VSS.isMoving:
        if (typeof value === 'boolean') signals.isMoving = value;
        return;
      case VSS.gear:
        signals.gear = gearOf(value);
        if (Number.isNaN(signals.firstDriveStateTs)) signals.firstDriveStateTs = ts;
        return;
      case VSS.lowVoltageSystemState:
        signals.ignition = ignitionOf(value);
        if (Number.isNaN(signals.firstDriveStateTs)) signals.firstDriveStateTs = ts;
        return;
      case VSS.heading: {
        const n = finite(value);
        if (n !== null) signals.headingDeg = ((n % 360) + 360) % 360;
        return;
      }
      case VSS.stateOfCharge: {
        const n = finite(value);
        if (n !== null) signals.socPct = n;
        return;
      }
      case VSS.isCharging:
        if (typeof value === 'boolean') signals.charging = value;
        return;
      case VSS.isChargingCableConnected:
        if (typeof value === 'boolean') signals.cableConnected = value;
        return;
      case VSS.horizontalAccuracy: {
        const n = finite(value);
        if (n !== null && n >= 0) {
          accuracyM = n;
          accuracyTs = ts;
        }
        return;
      }
      case VSS.latitude: {
        const n = finite(value);
        if (n === null || Math.abs(n) > 90) return;
        latitude = n;
        latitudeTs = ts;
        pair(signals, ts);
        return;
      }
      case VSS.longitude: {
        const n = finite(value);
        if (n === null || Math.abs(n) > 180) return;
        longitude = n;
        longitudeTs = ts;
        pair(signals, ts);
        return;
      }
    }
  };
}
