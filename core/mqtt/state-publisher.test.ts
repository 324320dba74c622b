import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../api/protocol.js';
import { ManualClock } from '../base/manual-clock.js';
import { RetainedPublisher } from './retained-publisher.js';
import { StatePublisher } from './state-publisher.js';
import { bridgeTopics } from './topics.js';

const snapshot: Snapshot = {
  version: 1, ts: 1, home: null, dry_run: false, events: [], scenes: [], notifications: [],
  vehicle: {
    signals: [{ path: 'Vehicle.Speed', value: 12, ts: 1, stale: false }],
    derived: { moving: true, parked: false, ignition: 'on', gear: 'D', speed_kmh: 12, soc_pct: 55, charging: false },
    presence: { state: 'not_home', distance_m: 500, eta_s: 40, latitude: 1, longitude: 2, accuracy_m: null, ts: 1 },
  },
  devices: [{ id: 'plug', name: 'Plug', model: 'm', family: 'f', online: true, values: { temperature: 30, power: true }, ts: 1, properties: [], actions: [] }],
  automations: [{ id: 'welcome', alias: 'Welcome', mode: 'single', enabled: false, running: 0, last_run: null }],
};

function rig() {
  const retained: [string, string][] = [];
  const events: [string, string][] = [];
  const publisher = new RetainedPublisher({ scheduler: new ManualClock(), minIntervalMs: 1000, canSend: () => true, send: (t, p) => retained.push([t, p]) });
  const state = new StatePublisher({ topics: bridgeTopics('hw'), retained: publisher, publishEvent: (t, p) => events.push([t, p]), eventIdPrefix: 'car-1' });
  return { state, retained, events };
}

describe('StatePublisher', () => {
  it('turns the snapshot into retained topics: VSS paths, car fields, devices (keys sorted, no ts), automation switches', () => {
    const { state, retained } = rig();
    state.seed(snapshot);
    expect(Object.fromEntries(retained)).toEqual({
      'hw/vss/Vehicle/Speed': '12', 'hw/car/speed_kmh': '12', 'hw/car/soc_pct': '55', 'hw/car/charging': 'OFF', 'hw/car/ignition': 'ON',
      'hw/car/presence': 'not_home', 'hw/car/location': '{"latitude":1,"longitude":2}',
      'hw/device/plug/state': '{"online":true,"values":{"power":true,"temperature":30}}', 'hw/automation/welcome/enabled': 'OFF',
    });
  });

  it('publishes each car event and run once, with a unique event_id, never retained state', () => {
    const { state, events } = rig();
    state.onUpdate({ topic: 'events', event: { name: 'home.arrived', ts: 5, evidence: { distance_m: 3 } } });
    state.onUpdate({ topic: 'events', event: { name: 'home.arrived', ts: 6, evidence: {} } });
    state.onUpdate({ topic: 'runs', run: { run_id: 'r', automation: 'welcome', ts: 5, end_ts: null, result: 'running', trigger: { path: 'trigger/0', description: 'x' } } });
    expect(events.map(([t]) => t)).toEqual(['hw/event/home.arrived', 'hw/event/home.arrived', 'hw/automation/welcome/run']);
    expect(JSON.parse(events[0][1])).toEqual({ event_id: 'car-1-1', name: 'home.arrived', ts: 5, evidence: { distance_m: 3 } });
    expect(JSON.parse(events[1][1]).event_id).toBe('car-1-2');
  });

  it('recomputes the doors and range fields when their signals change', () => {
    const { state, retained } = rig();
    state.seed(snapshot);
    state.onUpdate({ topic: 'signals', signals: [{ path: 'Vehicle.Cabin.Door.Row1.PassengerSide.IsOpen', value: true, ts: 2, stale: false }, { path: 'Vehicle.Powertrain.Range', value: 250_000, ts: 2, stale: false }] });
    expect(Object.fromEntries(retained.filter(([t]) => t === 'hw/car/doors' || t === 'hw/car/range_km'))).toEqual({ 'hw/car/doors': 'ON', 'hw/car/range_km': '250' });
  });
});
