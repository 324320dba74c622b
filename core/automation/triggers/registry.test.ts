import { describe, expect, it } from 'vitest';
import { createTestHost } from '../testing/test-host.js';
import { attachTrigger } from './registry.js';
import type { TriggerFiring } from './trigger-context.js';
import { triggerSchema } from './trigger-schema.js';

function attach(raw: unknown, host = createTestHost()) {
  const fired: { atMs: number; f: TriggerFiring }[] = [];
  const subscription = attachTrigger(triggerSchema.parse(raw), host).subscribe((f) => fired.push({ atMs: host.clock.now(), f }));
  return { host, fired, subscription };
}

describe('triggers', () => {
  it('event: HA form and shorthand, with event_data matched against evidence', () => {
    const { host, fired } = attach({ trigger: 'event', event_type: 'home.arrived' });
    const short = attach({ event: 'home.arrived', event_data: { gear: 'P' } }, host);
    host.emit('home.left');
    host.emit('home.arrived', { gear: 'D' });
    host.emit('home.arrived', { gear: 'P', distance_m: 12 });
    expect(fired).toHaveLength(2);
    expect(short.fired).toHaveLength(1);
    expect(short.fired[0]?.f).toMatchObject({ description: 'event home.arrived', evidence: { event: 'home.arrived', gear: 'P', distance_m: 12 } });
  });

  it('numeric_state on a VSS path with for: held, reset when it leaves', () => {
    const host = createTestHost();
    host.setSignal('Vehicle.Powertrain.TractionBattery.StateOfCharge.Current', 30);
    const { fired } = attach({ trigger: 'numeric_state', path: 'Vehicle.Powertrain.TractionBattery.StateOfCharge.Current', below: 20, for: 60 }, host);
    host.setSignal('Vehicle.Powertrain.TractionBattery.StateOfCharge.Current', 19);
    host.clock.advanceBy(30_000);
    host.setSignal('Vehicle.Powertrain.TractionBattery.StateOfCharge.Current', 21); // leaves: reset
    host.clock.advanceBy(10_000);
    host.setSignal('Vehicle.Powertrain.TractionBattery.StateOfCharge.Current', 18);
    host.clock.advanceBy(59_999);
    expect(fired).toHaveLength(0);
    host.clock.advanceBy(1);
    expect(fired).toHaveLength(1);
    expect(fired[0]?.f.evidence).toMatchObject({ value: 18, below: 20, for_s: 60 });
  });

  it('numeric_state on a device property; offline re-arms (HA unavailable)', () => {
    const host = createTestHost();
    host.setDevice('purifier', { values: { aqi: 10 } });
    const { fired } = attach({ trigger: 'numeric_state', device: 'purifier', property: 'aqi', above: 50 }, host);
    host.setDevice('purifier', { values: { aqi: 80 } });
    host.setDevice('purifier', { values: { aqi: 90 } });
    host.setDevice('purifier', { online: false });
    host.setDevice('purifier', { online: true });
    expect(fired.map((x) => x.f.evidence.value)).toEqual([80, 90]);
  });

  it('state of a VSS path with from/to', () => {
    const host = createTestHost();
    host.setSignal('Vehicle.Cabin.Door.Row1.DriverSide.IsOpen', false);
    const { fired } = attach({ trigger: 'state', path: 'Vehicle.Cabin.Door.Row1.DriverSide.IsOpen', from: false, to: true }, host);
    host.setSignal('Vehicle.Cabin.Door.Row1.DriverSide.IsOpen', false);
    host.setSignal('Vehicle.Cabin.Door.Row1.DriverSide.IsOpen', true);
    host.setSignal('Vehicle.Cabin.Door.Row1.DriverSide.IsOpen', true);
    expect(fired).toHaveLength(1);
    expect(fired[0]?.f.evidence).toMatchObject({ source: 'Vehicle.Cabin.Door.Row1.DriverSide.IsOpen', from: false, to: true });
  });

  it('state of a device property with for', () => {
    const host = createTestHost();
    host.setDevice('plug', { values: { power: false } });
    const { fired } = attach({ trigger: 'state', device: 'plug', property: 'power', to: true, for: '00:00:10' }, host);
    host.setDevice('plug', { values: { power: true } });
    host.clock.advanceBy(9_000);
    expect(fired).toHaveLength(0);
    host.clock.advanceBy(1_000);
    expect(fired).toHaveLength(1);
  });

  it('device offline with for; a flap back online resets', () => {
    const host = createTestHost();
    host.setDevice('fan', { online: true });
    const { fired } = attach({ trigger: 'device', device: 'fan', to: 'offline', for: 30 }, host);
    host.setDevice('fan', { online: false, error: 'timeout' });
    host.clock.advanceBy(20_000);
    host.setDevice('fan', { online: true });
    host.setDevice('fan', { online: false, error: 'timeout' });
    host.clock.advanceBy(29_000);
    expect(fired).toHaveLength(0);
    host.clock.advanceBy(1_000);
    expect(fired[0]?.f).toMatchObject({ description: 'device fan offline', evidence: { from: 'online', to: 'offline', error: 'timeout' } });
  });

  it('device: a device not polled yet counts as online', () => {
    const { host, fired } = attach({ trigger: 'device', device: 'lamp' });
    host.setDevice('lamp', { online: true });
    host.setDevice('lamp', { online: false });
    expect(fired.map((x) => x.f.evidence.to)).toEqual(['offline']);
    const late = attach({ trigger: 'device', device: 'bulb', to: 'offline' }, host);
    host.setDevice('bulb', { online: false });
    expect(late.fired).toHaveLength(1);
  });

  it('time: fires at each `at`, every day, in UTC', () => {
    const host = createTestHost({ startMs: Date.UTC(2026, 11, 1, 7, 0, 0) });
    const { fired, subscription } = attach({ trigger: 'time', at: ['07:30:00', '06:00'] }, host);
    host.clock.advanceTo(Date.UTC(2026, 11, 2, 8, 0, 0));
    expect(fired.map((x) => new Date(x.atMs).toISOString())).toEqual(['2026-12-01T07:30:00.000Z', '2026-12-02T06:00:00.000Z', '2026-12-02T07:30:00.000Z']);
    subscription.unsubscribe();
    expect(host.clock.pendingTimers).toBe(0);
  });

  it('eta: the first home.approaching at or below below_s, once per approach', () => {
    const { host, fired } = attach({ trigger: 'eta', below_s: 120 });
    host.emit('home.approaching', { eta_s: 300, distance_m: 2000 });
    host.emit('home.approaching', { eta_s: 120, distance_m: 900 });
    host.emit('home.approaching', { eta_s: 60, distance_m: 400 });
    host.emit('home.arrived');
    host.emit('home.approaching', { eta_s: 90 });
    expect(fired.map((x) => x.f.evidence.eta_s)).toEqual([120, 90]);
    expect(fired[0]?.f.evidence).toMatchObject({ event: 'home.approaching', below_s: 120, distance_m: 900 });
  });
});
