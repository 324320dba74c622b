import type { CarEventName } from '../vehicle/events/car-event.js';

/**
 * The car event names a trigger may name. core/automation may only `import type` from core/vehicle,
 * so the list is repeated here; the two type checks below fail the build when they drift apart.
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
] as const satisfies readonly CarEventName[];

type Missing = Exclude<CarEventName, (typeof CAR_EVENT_NAMES)[number]>;
export const carEventNamesComplete: [Missing] extends [never] ? true : Missing = true;
