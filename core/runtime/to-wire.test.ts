import { of, toArray, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { carEventSchema, derivedSchema, presenceSchema, signalSchema, updateSchema } from '../api/protocol.js';
import { toWireEvent, toWireSample, wireDerived, wirePresence, wireSample } from './to-wire.js';

describe('internal shapes to wire shapes', () => {
  it('a 64-bit value (bigint) crosses the wire as a number', () => {
    const signal = wireSample({ path: 'Vehicle.TraveledDistanceHighRes', value: 123_456_789n, ts: 1, stale: false });
    expect(signal).toEqual({ path: 'Vehicle.TraveledDistanceHighRes', value: 123_456_789, ts: 1, stale: false });
    expect(signalSchema.safeParse(signal).success).toBe(true);
    expect(() => JSON.stringify(signal)).not.toThrow();
  });

  it('derived state and presence get the wire keys (units in names)', () => {
    const derived = wireDerived({ moving: true, parked: false, ignition: 'on', gear: 'D', speedKmh: 51.8, socPct: 63, charging: false });
    expect(derived).toEqual({ moving: true, parked: false, ignition: 'on', gear: 'D', speed_kmh: 51.8, soc_pct: 63, charging: false });
    expect(derivedSchema.strict().safeParse(derived).success).toBe(true);
    const presence = wirePresence({ state: 'not_home', distanceM: 410, etaS: 31, latitude: 48.1, longitude: 11.4, accuracyM: 7, ts: 2 });
    expect(presence).toEqual({ state: 'not_home', distance_m: 410, eta_s: 31, latitude: 48.1, longitude: 11.4, accuracy_m: 7, ts: 2 });
    expect(presenceSchema.strict().safeParse(presence).success).toBe(true);
  });

  it('a wire event is a copy: a client changing it cannot change the runtime\'s', () => {
    const evidence = { distance_m: 3, gear: 'P' };
    const wire = toWireEvent({ name: 'home.arrived', ts: 3, evidence });
    expect(carEventSchema.safeParse(wire).success).toBe(true);
    (wire.evidence as Record<string, unknown>).distance_m = 999;
    expect(evidence.distance_m).toBe(3);
  });

  it('toWireSample makes valid signal updates', async () => {
    const samples = await firstValueFrom(of({ path: 'Vehicle.Speed', value: 3, ts: 1, stale: true }).pipe(toWireSample(), toArray()));
    expect(samples).toEqual([{ topic: 'signals', signals: [{ path: 'Vehicle.Speed', value: 3, ts: 1, stale: true }] }]);
    for (const u of samples) expect(updateSchema.safeParse(u).success).toBe(true);
  });
});
