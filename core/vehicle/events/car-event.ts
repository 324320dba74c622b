/**
 * Car events: typed, dotted, domain first, each with its time and the evidence that decided it.
 * The detectors (core/vehicle/events/) emit them; automations, the store, MQTT and the dashboard read them.
 */

export const CAR_EVENT_NAMES = [
  'home.approaching',
  'home.arrived',
  'home.left',
  'vehicle.parked',
  'vehicle.ignition_on',
  'vehicle.ignition_off',
  'vehicle.charging_started',
  'vehicle.charging_stopped',
  'vehicle.battery_low',
  'vehicle.door_opened',
  'vehicle.door_closed',
] as const;

export type CarEventName = (typeof CAR_EVENT_NAMES)[number];

/** A value the decision looked at: field keys on the wire style (`distance_m`, `eta_s`, `speed_kmh`). */
export type EvidenceValue = number | boolean | string | null;

export interface CarEvent {
  readonly name: CarEventName;
  /** Seconds since the epoch, on the signals' time base (SignalUpdate.ts). */
  readonly ts: number;
  /** The values that decided it, e.g. `{distance_m: 12, speed_kmh: 0, gear: 'P', fixes: 8}`. */
  readonly evidence: Readonly<Record<string, EvidenceValue>>;
}

/** The home zone, from the config's `home` section (metres, degrees WGS-84). */
export interface HomeZone {
  readonly name: string;
  readonly latitude: number;
  readonly longitude: number;
  /** Inside this radius a parked car is home. */
  readonly radiusM: number;
  /** A car at home has left once beyond this (default: radiusM × 2, hysteresis). */
  readonly exitRadiusM?: number;
  /** `home.approaching` is considered only inside this (default 2,000 m). */
  readonly approachRadiusM?: number;
}

/** Where the car is relative to home, as the detector believes (filtered fix, not a raw one). */
export interface HomePresence {
  /** 'unknown' until the first usable fix. */
  readonly state: 'home' | 'not_home' | 'unknown';
  readonly distanceM: number | null;
  /** Estimated seconds to home while approaching, else null. */
  readonly etaS: number | null;
  /** Filtered position (null before the first fix). */
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly accuracyM: number | null;
  /** Seconds since the epoch of the last fix used. */
  readonly ts: number;
}
