import { describe, expect, it } from 'vitest';
import type { Derived, Presence } from '../api/protocol.js';
import { carFields, vssPayload } from './car-fields.js';

const derived: Derived = { moving: true, parked: false, ignition: 'on', gear: 'D', speed_kmh: 48.26, soc_pct: 80.04, charging: false };
const presence: Presence = { state: 'not_home', distance_m: 900, eta_s: 60, latitude: 48.1, longitude: 11.5, accuracy_m: 4.5, ts: 1 };

describe('carFields', () => {
  it('gives each Home Assistant entity its payload', () => {
    const signals = new Map<string, number | boolean | string>([
      ['Vehicle.Powertrain.Range', 312_449],
      ['Vehicle.Cabin.Door.Row1.DriverSide.IsOpen', false],
      ['Vehicle.Cabin.Door.Row2.PassengerSide.IsOpen', true],
      ['Vehicle.Cabin.Door.Row1.DriverSide.IsLocked', false],
    ]);
    expect(carFields(derived, presence, signals)).toEqual({
      speed_kmh: '48.3', soc_pct: '80', range_km: '312.4', charging: 'OFF', ignition: 'ON', doors: 'ON', presence: 'not_home',
      location: '{"latitude":48.1,"longitude":11.5,"gps_accuracy":4.5}',
    });
  });

  it('leaves out what is unknown (a numeric sensor must not get a word) and resets presence to GPS zones', () => {
    const unknown: Derived = { moving: false, parked: false, ignition: 'unknown', gear: null, speed_kmh: null, soc_pct: null, charging: null };
    const nowhere: Presence = { state: 'unknown', distance_m: null, eta_s: null, latitude: null, longitude: null, accuracy_m: null, ts: 1 };
    expect(carFields(unknown, nowhere, new Map())).toEqual({ presence: 'None' });
  });

  it('omits gps_accuracy rather than invent one', () => {
    expect(carFields(derived, { ...presence, accuracy_m: null }, new Map()).location).toBe('{"latitude":48.1,"longitude":11.5}');
  });

  it('reads ignition off, lock and acc as OFF, start as ON; all doors closed as OFF', () => {
    for (const [ignition, want] of [['off', 'OFF'], ['lock', 'OFF'], ['acc', 'OFF'], ['start', 'ON']]) {
      expect(carFields({ ...derived, ignition }, presence, new Map()).ignition).toBe(want);
    }
    expect(carFields(derived, presence, new Map([['Vehicle.Cabin.Door.Row1.DriverSide.IsOpen', false]])).doors).toBe('OFF');
  });

  it('writes VSS values as plain text', () => {
    expect([vssPayload(12.5), vssPayload(true), vssPayload('P'), vssPayload(0)]).toEqual(['12.5', 'true', 'P', '0']);
  });
});
