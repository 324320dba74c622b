import { TestScheduler } from 'rxjs/testing';
import { VirtualTimeScheduler, timer } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { requireFamily } from '../home/registry.js';
import { SimulatedDevice } from './device.js';
import { VACUUM_CLEAN_S, VACUUM_RETURN_S } from './behaviours/vacuum.js';

function makeDevice(model: string, scheduler = new VirtualTimeScheduler(), extra: Partial<ConstructorParameters<typeof SimulatedDevice>[0]> = {}) {
  const device = new SimulatedDevice({
    family: requireFamily(model), model, did: 0x0badcafe, scheduler, seed: 7, address: '127.0.0.2',
    mac: '02:00:00:00:00:02', fwVer: '1.2.4_59', hwVer: 'MW300', ...extra,
  });
  return { device, scheduler };
}

/** Moves a VirtualTimeScheduler's clock to `ms`. */
function advanceTo(scheduler: VirtualTimeScheduler, ms: number): void {
  scheduler.schedule(() => undefined, ms - scheduler.now());
  scheduler.flush();
}

let nextId = 1;
const call = (device: SimulatedDevice, method: string, params: unknown = []) => device.handle({ id: nextId++, method, params });

describe('curtain', () => {
  it('reaches its target after run_time seconds, passing through the middle', () => {
    const { device, scheduler } = makeDevice('lumi.curtain.hagl05');
    expect(call(device, 'set_properties', [{ did: 't', siid: 2, piid: 7, value: 100 }])).toEqual({
      result: [{ did: 't', siid: 2, piid: 7, code: 0 }],
    });
    advanceTo(scheduler, 10_000);
    expect(device.snapshot()).toMatchObject({ current_position: 50, status: 'opening' });
    advanceTo(scheduler, 19_000);
    expect(device.snapshot()).toMatchObject({ current_position: 95, status: 'opening' });
    advanceTo(scheduler, 20_000);
    expect(device.snapshot()).toMatchObject({ current_position: 100, status: 'stopped' });
    const read = call(device, 'get_properties', [{ did: 'pos', siid: 2, piid: 3 }, { did: 'st', siid: 2, piid: 6 }]);
    expect(read).toEqual({ result: [{ did: 'pos', siid: 2, piid: 3, code: 0, value: 100 }, { did: 'st', siid: 2, piid: 6, code: 0, value: 0 }] });
  });

  it('closes, pauses on motor_control and answers -4000 to a read of adjust_value', () => {
    const { device, scheduler } = makeDevice('lumi.curtain.hagl05', undefined, { state: { target_position: 100 } });
    advanceTo(scheduler, 20_000);
    call(device, 'set_properties', [{ did: 'm', siid: 2, piid: 2, value: 2 }]);
    advanceTo(scheduler, 25_000);
    expect(device.snapshot()).toMatchObject({ current_position: 75, status: 'closing' });
    call(device, 'set_properties', [{ did: 'm', siid: 2, piid: 2, value: 0 }]);
    advanceTo(scheduler, 40_000);
    expect(device.snapshot()).toMatchObject({ current_position: 75, status: 'stopped', target_position: 75 });
    expect(call(device, 'get_properties', [{ did: 'a', siid: 5, piid: 1 }])).toEqual({ result: [{ did: 'a', siid: 5, piid: 1, code: -4000 }] });
  });

  it('runs on a TestScheduler too: position at 5 s is 25', () => {
    const testScheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    testScheduler.run(({ expectObservable }) => {
      const { device } = makeDevice('lumi.curtain.hagl05', testScheduler as unknown as VirtualTimeScheduler);
      call(device, 'set_properties', [{ did: 't', siid: 2, piid: 7, value: 100 }]);
      const positions: number[] = [];
      timer(5000, testScheduler).subscribe(() => positions.push(Number(device.snapshot().current_position)));
      expectObservable(timer(5000, testScheduler)).toBe('5000ms (a|)', { a: 0 });
      testScheduler.flush();
      expect(positions).toEqual([25]);
    });
  });
});

describe('vacuum', () => {
  it('cleans, returns to its dock when the room is done, then charges', () => {
    const { device, scheduler } = makeDevice('roborock.vacuum.s5');
    expect(call(device, 'app_start')).toEqual({ result: ['ok'] });
    advanceTo(scheduler, 60_000);
    const cleaning = device.snapshot();
    expect(cleaning).toMatchObject({ state: 'cleaning', in_cleaning: true, clean_time: 60, clean_area: 900_000 });
    expect(call(device, 'get_status')).toMatchObject({ result: [{ state: 5, in_cleaning: 1, clean_time: 60 }] });

    advanceTo(scheduler, VACUUM_CLEAN_S * 1000 + 1000);
    expect(device.snapshot()).toMatchObject({ state: 'returning_home', in_returning: true });
    advanceTo(scheduler, (VACUUM_CLEAN_S + VACUUM_RETURN_S) * 1000 + 1000);
    const docked = device.snapshot();
    expect(docked).toMatchObject({ state: 'charging', in_returning: false, clean_time: VACUUM_CLEAN_S });
    const lowest = Number(docked.battery);
    expect(lowest).toBeLessThan(100);
    advanceTo(scheduler, 2 * 3600_000);
    expect(device.snapshot()).toMatchObject({ state: 'charging', battery: 100 });
    expect(call(device, 'get_consumable')).toEqual({
      result: [{ main_brush_work_time: VACUUM_CLEAN_S, side_brush_work_time: VACUUM_CLEAN_S, filter_work_time: VACUUM_CLEAN_S, sensor_dirty_time: VACUUM_CLEAN_S }],
    });
  });

  it('pauses, resumes and is sent home; set_custom_mode changes fan_power', () => {
    const { device, scheduler } = makeDevice('roborock.vacuum.s5');
    call(device, 'app_start');
    advanceTo(scheduler, 10_000);
    call(device, 'app_pause');
    advanceTo(scheduler, 100_000);
    expect(device.snapshot()).toMatchObject({ state: 'paused', clean_time: 10 });
    call(device, 'app_start');
    advanceTo(scheduler, 110_000);
    expect(device.snapshot()).toMatchObject({ state: 'cleaning', clean_time: 20 });
    call(device, 'app_charge');
    advanceTo(scheduler, 110_000 + VACUUM_RETURN_S * 1000);
    expect(device.snapshot().state).toBe('charging');
    expect(call(device, 'set_custom_mode', [104])).toEqual({ result: ['ok'] });
    expect(device.snapshot().fan_power).toBe(104);
    expect(call(device, 'set_custom_mode', [300])).toEqual({ error: { code: -5001, message: 'invalid_arg' } });
  });
});

describe('air purifier', () => {
  it('AQI falls further on favorite level 17 than in silent mode, and rises when off', () => {
    const aqiAfter = (mode: string, params: Record<string, unknown> = {}) => {
      const { device, scheduler } = makeDevice('zhimi.airpurifier.m1', undefined, { state: { mode, ...params } });
      advanceTo(scheduler, 15 * 60_000);
      return Number(device.snapshot().aqi);
    };
    const favorite = aqiAfter('favorite', { favorite_level: 17 });
    const silent = aqiAfter('silent');
    const off = aqiAfter('auto', { power: false });
    expect(favorite).toBeLessThan(silent);
    expect(silent).toBeLessThan(off);
    expect(favorite).toBeLessThanOrEqual(15);
    expect(off).toBeGreaterThan(45);
  });

  it('reacts to set_mode over the wire: motor speed follows the mode', () => {
    const { device, scheduler } = makeDevice('zhimi.airpurifier.m1');
    expect(call(device, 'set_mode', ['favorite'])).toEqual({ result: ['ok'] });
    expect(call(device, 'set_level_favorite', [17])).toEqual({ result: ['ok'] });
    advanceTo(scheduler, 20_000);
    expect(call(device, 'get_prop', ['power', 'mode', 'motor1_speed', 'temp_dec', 'led_b', 'nonsense'])).toEqual({
      result: ['on', 'favorite', 2000, 186, 0, null],
    });
    expect(call(device, 'set_mode', ['turbo'])).toEqual({ error: { code: -5001, message: 'invalid_arg' } });
  });

  it('MIoT 3C: mode by integer, favorite_rpm drives the motor, reset_filter_life action', () => {
    const { device, scheduler } = makeDevice('zhimi.airp.mb4a');
    const set = call(device, 'set_properties', [
      { did: 'mode', siid: 2, piid: 4, value: 2 },
      { did: 'rpm', siid: 9, piid: 3, value: 1500 },
      { did: 'aqi', siid: 3, piid: 4, value: 1 },
      { did: 'x', siid: 99, piid: 1, value: 1 },
      { did: 'rpm', siid: 9, piid: 3, value: 5000 },
    ]);
    expect(set).toEqual({
      result: [
        { did: 'mode', siid: 2, piid: 4, code: 0 },
        { did: 'rpm', siid: 9, piid: 3, code: 0 },
        { did: 'aqi', siid: 3, piid: 4, code: -4002 },
        { did: 'x', siid: 99, piid: 1, code: -4003 },
        { did: 'rpm', siid: 9, piid: 3, code: -4005 },
      ],
    });
    advanceTo(scheduler, 30_000);
    expect(call(device, 'get_properties', [{ did: 'motor', siid: 9, piid: 1 }])).toEqual({ result: [{ did: 'motor', siid: 9, piid: 1, code: 0, value: 1500 }] });
    expect(call(device, 'action', { did: 'call-4-1', siid: 4, aiid: 1, in: [] })).toEqual({ result: { did: 'call-4-1', siid: 4, aiid: 1, code: 0, out: [] } });
    expect(call(device, 'action', { did: 'call-4-9', siid: 4, aiid: 9, in: [] })).toEqual({ result: { did: 'call-4-9', siid: 4, aiid: 9, code: -4003 } });
    expect(call(device, 'get_prop', ['power'])).toEqual({ error: { code: -9999, message: 'user ack timeout' } });
  });
});

describe('fan', () => {
  it('oscillates within the swing angle and powers off when its timer runs out', () => {
    const { device, scheduler } = makeDevice('dmaker.fan.p9');
    call(device, 'set_properties', [
      { did: 'p', siid: 2, piid: 1, value: true },
      { did: 's', siid: 2, piid: 5, value: true },
      { did: 'a', siid: 2, piid: 6, value: 60 },
      { did: 'off', siid: 2, piid: 8, value: 2 },
    ]);
    const angles: number[] = [];
    for (let s = 1; s <= 12; s++) {
      advanceTo(scheduler, s * 1000);
      angles.push(Number(device.internals().angle));
    }
    expect(angles).toEqual([10, 20, 30, 20, 10, 0, -10, -20, -30, -20, -10, 0]);
    advanceTo(scheduler, 61_000);
    expect(device.snapshot()).toMatchObject({ power: true, power_off_time: 1 });
    advanceTo(scheduler, 120_000);
    expect(device.snapshot()).toMatchObject({ power: false, power_off_time: 0 });
    expect(call(device, 'get_properties', [{ did: 'mv', siid: 2, piid: 10 }])).toEqual({ result: [{ did: 'mv', siid: 2, piid: 10, code: -4003 }] });
  });

  it('fan_level sets the speed preset', () => {
    const { device } = makeDevice('dmaker.fan.p11');
    call(device, 'set_properties', [{ did: 'l', siid: 2, piid: 2, value: 3 }]);
    expect(call(device, 'get_properties', [{ did: 'speed', siid: 2, piid: 6 }])).toMatchObject({ result: [{ value: 70 }] });
  });
});

describe('plug and light', () => {
  it('a plug toggles and its load follows', () => {
    const { device, scheduler } = makeDevice('chuangmi.plug.v3');
    expect(call(device, 'set_power', ['off'])).toEqual({ result: ['ok'] });
    advanceTo(scheduler, 2000);
    expect(call(device, 'get_power')).toEqual({ result: [0] });
    expect(call(device, 'set_usb_on')).toEqual({ result: ['ok'] });
    expect(call(device, 'get_prop', ['on', 'usb_on'])).toEqual({ result: ['off', true] });
    call(device, 'set_power', ['on']);
    advanceTo(scheduler, 4000);
    const watts = call(device, 'get_power') as { result: number[] };
    expect(watts.result[0]).toBeGreaterThan(2400);
    expect(watts.result[0]).toBeLessThan(2600);
  });

  it('a Yeelight changes brightness, ct and rgb, answers strings and "" for unknown names', () => {
    const { device } = makeDevice('yeelink.light.color1');
    expect(call(device, 'set_bright', [40, 'smooth', 500])).toEqual({ result: ['ok'] });
    expect(call(device, 'set_rgb', [0x00ff00, 'sudden', 0])).toEqual({ result: ['ok'] });
    expect(call(device, 'get_prop', ['bright', 'rgb', 'color_mode', 'hue', 'sat', 'nope'])).toEqual({ result: ['40', '65280', '1', '120', '100', ''] });
    call(device, 'set_ct_abx', [2700, 'smooth', 500]);
    call(device, 'set_ps', ['cfg_save_state', '1']);
    call(device, 'toggle');
    expect(call(device, 'get_prop', ['ct', 'color_mode', 'save_state', 'power'])).toEqual({ result: ['2700', '2', '1', 'off'] });
    expect(call(device, 'set_hsv', [240, 100, 'smooth', 500])).toEqual({ result: ['ok'] });
    expect(device.snapshot()).toMatchObject({ rgb: 0x0000ff, color_mode: 'hsv' });
    expect(call(device, 'set_bright', [0, 'smooth', 500])).toEqual({ error: { code: -5001, message: 'invalid_arg' } });
    expect(call(device, 'set_scene', ['ct', 2700, 100])).toEqual({ error: { code: -32601, message: 'Method not found.' } });
  });
});

describe('stamp and info', () => {
  it('counts seconds from stampStart, never 0, restarts at 1 after a power cycle', () => {
    const { device, scheduler } = makeDevice('chuangmi.plug.m1', undefined, { stampStart: 0 });
    expect(device.stamp()).toBe(1);
    advanceTo(scheduler, 5500);
    expect(device.stamp()).toBe(6);
    device.powerCycle();
    expect(device.stamp()).toBe(1);
    const info = call(device, 'miIO.info') as { result: Record<string, unknown> };
    expect(info.result).toMatchObject({ model: 'chuangmi.plug.m1', fw_ver: '1.2.4_59', hw_ver: 'MW300', mac: '02:00:00:00:00:02' });
    expect(info.result).not.toHaveProperty('token');
  });
});
