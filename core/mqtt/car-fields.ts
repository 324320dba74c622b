import type { Derived, Presence } from '../api/protocol.js';

type VssValue = number | boolean | string;

/** VSS paths the car entities read beside the runtime's derived state. */
export const RANGE_PATH = 'Vehicle.Powertrain.Range';
const DOOR_PATH = /^Vehicle\.Cabin\.Door\.[^.]+\.[^.]+\.IsOpen$/;

export function isDoorPath(path: string): boolean {
  return DOOR_PATH.test(path);
}

/** The car values Home Assistant's entities read, one retained topic each (docs/mqtt.md). */
export const CAR_FIELDS = ['speed_kmh', 'soc_pct', 'range_km', 'charging', 'ignition', 'doors', 'presence', 'location'] as const;
export type CarField = (typeof CAR_FIELDS)[number];

const round1 = (n: number): string => String(Math.round(n * 10) / 10);
const onOff = (b: boolean): string => (b ? 'ON' : 'OFF');

/**
 * The payload of each car field, omitted while unknown (a numeric sensor must not get 'unknown').
 * `presence` is `home`/`not_home`, or `None` (the tracker's payload_reset: back to GPS zones) when
 * unknown; `location` is one JSON message so latitude, longitude and accuracy never split.
 */
export function carFields(derived: Derived, presence: Presence, signals: ReadonlyMap<string, VssValue>): Partial<Record<CarField, string>> {
  const fields: Partial<Record<CarField, string>> = {};
  if (derived.speed_kmh !== null) fields.speed_kmh = round1(derived.speed_kmh);
  if (derived.soc_pct !== null) fields.soc_pct = round1(derived.soc_pct);
  const rangeM = signals.get(RANGE_PATH);
  if (typeof rangeM === 'number' && Number.isFinite(rangeM)) fields.range_km = round1(rangeM / 1000);
  if (derived.charging !== null) fields.charging = onOff(derived.charging);
  if (derived.ignition !== 'unknown' && derived.ignition !== '') fields.ignition = onOff(derived.ignition === 'on' || derived.ignition === 'start');
  let doorSeen = false;
  let doorOpen = false;
  for (const [path, value] of signals) {
    if (typeof value !== 'boolean' || !isDoorPath(path)) continue;
    doorSeen = true;
    doorOpen ||= value;
  }
  if (doorSeen) fields.doors = onOff(doorOpen);
  fields.presence = presence.state === 'unknown' ? 'None' : presence.state;
  if (presence.latitude !== null && presence.longitude !== null) {
    const location: Record<string, number> = { latitude: presence.latitude, longitude: presence.longitude };
    if (presence.accuracy_m !== null) location.gps_accuracy = presence.accuracy_m;
    fields.location = JSON.stringify(location);
  }
  return fields;
}

/** A VSS value as its retained payload: numbers and booleans as JSON text, strings as they are. */
export function vssPayload(value: VssValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
