/**
 * The peer of the arrival benchmark: Home Assistant's GPS device-tracker zone logic on the raw
 * fixes (home while distance − gps_accuracy < radius; arrived/left on each change of that state),
 * which is what a phone or an MQTT tracker gets. Scored by the same scorer as Homeward's detector.
 */
import type { CarEvent } from '../../../core/vehicle/events/car-event.js';
import { createLocalFrame } from '../../../core/vehicle/events/local-frame.js';
import type { GeneratedDrive } from './generate-drives.js';
import type { DriveResult } from './score-drives.js';

export function zoneBaseline(drive: GeneratedDrive): DriveResult {
  const frame = createLocalFrame(drive.home.latitude, drive.home.longitude);
  const events: CarEvent[] = [];
  let latitude: number | null = null;
  let accuracyM = 0;
  let home: boolean | null = null;
  for (const u of drive.updates) {
    if (u.path === 'Vehicle.CurrentLocation.HorizontalAccuracy') accuracyM = Number(u.value);
    else if (u.path === 'Vehicle.CurrentLocation.Latitude') latitude = Number(u.value);
    else if (u.path === 'Vehicle.CurrentLocation.Longitude' && latitude !== null) {
      const d = Math.hypot(frame.eastOf(Number(u.value)), frame.northOf(latitude));
      const inside = d - accuracyM < drive.home.radiusM;
      if (home !== null && inside !== home) events.push({ name: inside ? 'home.arrived' : 'home.left', ts: u.ts, evidence: { distance_m: Math.round(d) } });
      home = inside;
      latitude = null;
    }
  }
  return { drive, events };
}
