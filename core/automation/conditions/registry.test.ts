import { describe, expect, it } from 'vitest';
import { createTestHost, type TestHost } from '../testing/test-host.js';
import { TraceRecorder } from '../trace-recorder.js';
import { conditionSchema } from './condition-schema.js';
import { compileCondition, conditionContext } from './registry.js';

function check(raw: unknown, host: TestHost, triggerId: string | null = null) {
  const trace = new TraceRecorder(host.scheduler);
  const ctx = conditionContext({ host, triggerId }, trace);
  const result = ctx.evaluate(compileCondition(conditionSchema.parse(raw)), 'condition/0');
  return { result, trace: trace.elements.map((e) => ({ path: e.path, result: e.result, error: e.error?.code })) };
}

describe('conditions', () => {
  it('numeric_state: strict bounds; a missing value is an error that counts as false', () => {
    const host = createTestHost();
    host.setSignal('Vehicle.Speed', 10);
    expect(check({ condition: 'numeric_state', path: 'Vehicle.Speed', above: 5, below: 20 }, host).result).toBe(true);
    expect(check({ condition: 'numeric_state', path: 'Vehicle.Speed', above: 10 }, host).result).toBe(false);
    const missing = check({ condition: 'numeric_state', path: 'Vehicle.Cabin.Temp', below: 1 }, host);
    expect(missing).toEqual({ result: false, trace: [{ path: 'condition/0', result: { result: false }, error: 'condition_error' }] });
  });

  it('state on VSS paths and device properties (a list matches any; offline matches nothing)', () => {
    const host = createTestHost();
    host.setSignal('Vehicle.Powertrain.TractionBattery.Charging.IsCharging', true);
    host.setDevice('purifier', { values: { mode: 'auto' } });
    expect(check({ condition: 'state', path: 'Vehicle.Powertrain.TractionBattery.Charging.IsCharging', state: true }, host).result).toBe(true);
    expect(check({ condition: 'state', device: 'purifier', property: 'mode', state: ['silent', 'auto'] }, host).result).toBe(true);
    host.setDevice('purifier', { online: false });
    expect(check({ condition: 'state', device: 'purifier', property: 'mode', state: 'auto' }, host).result).toBe(false);
  });

  it('time: windows, wrapping midnight, weekdays (UTC)', () => {
    const host = createTestHost({ startMs: Date.UTC(2026, 11, 1, 23, 30) }); // a Tuesday
    expect(check({ condition: 'time', after: '22:00', before: '02:00' }, host).result).toBe(true);
    expect(check({ condition: 'time', after: '07:00', before: '22:00' }, host).result).toBe(false);
    expect(check({ condition: 'time', before: '23:00' }, host).result).toBe(false);
    expect(check({ condition: 'time', after: '23:00' }, host).result).toBe(true);
    expect(check({ condition: 'time', weekday: ['mon', 'tue'] }, host).result).toBe(true);
    expect(check({ condition: 'time', weekday: 'sat' }, host).result).toBe(false);
  });

  it('zone and vehicle', () => {
    const host = createTestHost();
    expect(check({ condition: 'zone', zone: 'home' }, host).result).toBe(false);
    host.setPresence({ state: 'home', distanceM: 3 });
    expect(check({ condition: 'zone', zone: 'home' }, host).trace[0]?.result).toEqual({ result: true, state: 'home', distance_m: 3 });
    expect(check({ condition: 'vehicle', state: 'parked' }, host).result).toBe(true);
    host.setVehicle({ parked: false, moving: true });
    expect(check({ condition: 'vehicle', state: ['parked', 'charging'] }, host).result).toBe(false);
    expect(check({ condition: 'vehicle', state: 'moving' }, host).result).toBe(true);
  });

  it('trigger: the id of the trigger that started the run', () => {
    const host = createTestHost();
    expect(check({ condition: 'trigger', id: ['arrived', 'x'] }, host, 'arrived').result).toBe(true);
    expect(check({ condition: 'trigger', id: 'arrived' }, host, null).result).toBe(false);
  });

  it('and/or/not with trace paths; AND stops at the first false, OR at the first true', () => {
    const host = createTestHost();
    host.setPresence({ state: 'home' });
    const zoneHome = { condition: 'zone', zone: 'home' };
    const zoneAway = { condition: 'zone', zone: 'not_home' };
    expect(check({ condition: 'and', conditions: [zoneHome, zoneAway, zoneHome] }, host).trace.map((e) => e.path)).toEqual([
      'condition/0', 'condition/0/conditions/0', 'condition/0/conditions/1',
    ]);
    const or = check({ or: [zoneAway, zoneHome, zoneAway] }, host);
    expect(or.result).toBe(true);
    expect(or.trace.map((e) => `${e.path}=${String((e.result as { result: boolean }).result)}`)).toEqual([
      'condition/0=true', 'condition/0/conditions/0=false', 'condition/0/conditions/1=true',
    ]);
    expect(check({ not: [zoneAway, zoneAway] }, host).result).toBe(true);
    expect(check({ not: [zoneAway, zoneHome] }, host).result).toBe(false);
    expect(check([zoneHome, zoneHome], host).result).toBe(true); // a bare list is and
    expect(check({ condition: 'and', conditions: [{ ...zoneAway, enabled: false }] }, host).result).toBe(true); // disabled passes (HA)
  });
});
