import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../core/api/protocol.js';
import { DashboardState, type Slice } from './dashboard-state.js';
import { driveLockout } from './drive-lockout.js';

const derived = { moving: false, parked: true, ignition: 'off', gear: 'P' as const, speed_kmh: 0, soc_pct: 80, charging: false };
const presence = { state: 'home' as const, distance_m: 0, eta_s: null, latitude: 48.1, longitude: 11.4, accuracy_m: 3, ts: 1 };
const snapshot: Snapshot = {
  version: 1, ts: 1, home: null, dry_run: false, events: [], scenes: [], automations: [], notifications: [],
  vehicle: { signals: [{ path: 'Vehicle.Speed', value: 0, ts: 1, stale: false }], derived, presence },
  devices: [{ id: 'lamp', name: 'Lamp', model: 'm', family: 'f', online: true, values: { power: false }, ts: 1, properties: [], actions: [] }],
};

describe('DashboardState', () => {
  it('applies a snapshot and updates, and hands each panel only its changed slices once a frame', () => {
    const state = new DashboardState();
    const seen: ReadonlySet<Slice>[] = [];
    state.onChange((slices) => seen.push(new Set(slices)));
    state.applySnapshot(snapshot);
    state.flush();
    state.apply({ topic: 'signals', signals: [{ path: 'Vehicle.Speed', value: 30, ts: 2, stale: false }] });
    state.apply({ topic: 'signals', signals: [{ path: 'Vehicle.Speed', value: 31, ts: 3, stale: false }] });
    state.apply({ topic: 'devices', device: { ...snapshot.devices[0], values: { power: true } } });
    state.flush();
    state.flush();
    expect(seen).toHaveLength(2);
    expect([...seen[1]].sort()).toEqual(['devices', 'signals']);
    expect(state.signals.get('Vehicle.Speed')?.value).toBe(31);
    expect(state.devices.get('lamp')?.values.power).toBe(true);
  });

  it('keeps the track and the timeline bounded and free of repeats', () => {
    const state = new DashboardState();
    for (let i = 0; i < 3000; i += 1) state.apply({ topic: 'vehicle', derived, presence: { ...presence, latitude: 48 + i / 1e4, ts: i } });
    state.apply({ topic: 'vehicle', derived, presence: { ...presence, latitude: 48 + 2999 / 1e4, ts: 9999 } });
    expect(state.track.length).toBe(2000);
    const event = { name: 'home.arrived', ts: 5, evidence: {} };
    state.addEvents([event, event]);
    state.addEvents([event]);
    expect(state.events).toHaveLength(1);
  });
});

describe('driveLockout', () => {
  it('locks unless parked, and says why', () => {
    expect(driveLockout({ ...derived, parked: true })).toEqual({ locked: false, reason: '' });
    expect(driveLockout({ ...derived, parked: false, moving: true }).reason).toMatch(/Driving/);
    expect(driveLockout({ ...derived, parked: false, moving: false }).reason).toMatch(/Not in Park/);
    expect(driveLockout(null).locked).toBe(true);
  });
});
