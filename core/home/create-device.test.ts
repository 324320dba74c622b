import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { MiioDeviceError } from '../miio/errors.js';
import { createDevice } from './create-device.js';
import { DeviceCommandError, DeviceReadError, DeviceValueError, UnknownModelError } from './errors.js';
import { createDummyCaller, type DummyReply } from './testing/dummy-caller.js';

function deviceOf(model: string, replies: Record<string, DummyReply>, maxProperties?: number) {
  const scheduler = new VirtualTimeScheduler();
  const caller = createDummyCaller(replies, scheduler);
  return { caller, device: createDevice({ model, caller, scheduler, maxProperties }) };
}

/** get_properties from a siid/piid → wire value table; unknown slots answer -4003. */
function miotReader(table: Record<string, unknown>): (params: unknown) => Record<string, unknown>[] {
  return (params) =>
    (params as { did: string; siid: number; piid: number }[]).map((p) => {
      const key = `${p.siid}-${p.piid}`;
      return key in table ? { ...p, code: 0, value: table[key] } : { ...p, code: -4003 };
    });
}

const ok: DummyReply = () => ['ok'];

describe('createDevice: reading', () => {
  it('reads a miIO family with get_prop and decodes the typed values', async () => {
    const { caller, device } = deviceOf('zhimi.airpurifier.v6', {
      get_prop: (keys) => (keys as string[]).map((k) => ({ power: 'on', temp_dec: 215, mode: 'favorite', led_b: 2 })[k] ?? null),
    });
    expect(device.family.id).toBe('zhimi-airpurifier-miio');
    expect(await device.get(['power', 'temperature', 'mode', 'led_brightness'])).toEqual({
      power: true, temperature: 21.5, mode: 'favorite', led_brightness: 'off',
    });
    expect(caller.calls).toEqual([{ method: 'get_prop', params: ['power', 'temp_dec', 'mode', 'led_b'], atMs: 0 }]);
  });

  it('chunks get_properties by maxProperties and matches items by did', async () => {
    const { caller, device } = deviceOf(
      'dmaker.fan.p9',
      { get_properties: (p) => miotReader({ '2-1': true, '2-2': 3, '2-4': 1, '2-5': false, '2-6': 90, '2-11': 40, '2-8': 0, '2-7': true, '2-9': false, '3-1': false })(p).reverse() },
      4,
    );
    const values = await device.get();
    expect(values).toEqual({
      power: true, fan_level: 3, mode: 'nature', swing_mode: false, swing_mode_angle: 90, fan_speed: 40,
      power_off_time: 0, buzzer: true, light: false, child_lock: false,
    });
    expect(caller.calls.map((c) => (c.params as unknown[]).length)).toEqual([4, 4, 2]);
    expect(caller.calls[0].params).toEqual([
      { did: 'power', siid: 2, piid: 1 }, { did: 'fan_level', siid: 2, piid: 2 }, { did: 'mode', siid: 2, piid: 4 }, { did: 'swing_mode', siid: 2, piid: 5 },
    ]);
  });

  it('reads get_status (vacuum) and Yeelight string values', async () => {
    const vacuum = deviceOf('roborock.vacuum.s5', { get_status: () => [{ state: 8, battery: 100, fan_power: 102, in_cleaning: 0, msg_ver: 2 }] });
    expect(await vacuum.device.get(['state', 'battery', 'fan_power', 'in_cleaning'])).toEqual({
      state: 'charging', battery: 100, fan_power: 102, in_cleaning: false,
    });
    const light = deviceOf('yeelink.light.color1', { get_prop: (keys) => (keys as string[]).map((k) => ({ power: 'on', bright: '80', color_mode: '2', name: '' })[k] ?? '') });
    expect(await light.device.get(['power', 'bright', 'color_mode', 'name'])).toEqual({ power: true, bright: 80, color_mode: 'color_temperature', name: '' });
  });

  it('names the property the device did not report (get) or lists it (read)', async () => {
    const { device } = deviceOf('zhimi.airpurifier.mb4', { get_properties: miotReader({ '2-1': true }) });
    const reading = await device.read(['power', 'aqi']);
    expect(reading.values).toEqual({ power: true });
    expect(reading.errors.aqi).toBeInstanceOf(DeviceReadError);
    expect(reading.errors.aqi).toMatchObject({ property: 'aqi', deviceCode: -4003 });
    await expect(device.get(['power', 'aqi'])).rejects.toThrow('zhimi-airpurifier-miot.aqi: device answered code -4003 (property, action or event does not exist)');
    const plug = deviceOf('chuangmi.plug.m1', { get_prop: () => ['maybe', 30] });
    await expect(plug.device.get()).rejects.toThrow('chuangmi-plug.power: device sent "maybe", not a boolean');
  });

  it('rejects unknown and write-only names before sending, and passes device errors through', async () => {
    const { caller, device } = deviceOf('lumi.curtain.hagl05', {});
    await expect(device.get(['speed'])).rejects.toThrow('lumi-curtain.speed: no such property');
    await expect(device.get(['motor_control'])).rejects.toThrow('lumi-curtain.motor_control: is write-only');
    expect(caller.calls).toEqual([]);
    const unknown = device.get(['status']);
    await expect(unknown).rejects.toBeInstanceOf(MiioDeviceError);
    await expect(unknown).rejects.toMatchObject({ deviceCode: -32601 });
    expect(() => deviceOf('acme.toaster.v1', {})).toThrow(UnknownModelError);
  });
});

describe('createDevice: set and action', () => {
  it('validates before sending: a typed error names the property and the reason, and nothing goes out', async () => {
    const { caller, device } = deviceOf('dmaker.fan.p9', { set_properties: () => [] });
    const cases: [string, unknown, string][] = [
      ['fan_level', 5, '5 is above the maximum 4'],
      ['fan_level', 2.5, 'expected an integer, got 2.5'],
      ['swing_mode_angle', 140, '140 is not one of 30, 60, 90, 120, 150'],
      ['mode', 'turbo', '"turbo" is not one of "normal", "nature"'],
      ['power', 'yes', 'expected a boolean, got "yes"'],
      ['volume', 3, 'no such property'],
    ];
    for (const [name, value, reason] of cases) {
      const error = await device.set(name, value).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeviceValueError);
      expect(error).toMatchObject({ family: 'dmaker-fan-p9', property: name, reason });
    }
    const plug = deviceOf('chuangmi.plug.m1', {});
    await expect(plug.device.set('temperature', 20)).rejects.toMatchObject({ property: 'temperature', reason: 'is read-only' });
    expect(caller.calls).toEqual([]);
    expect(plug.caller.calls).toEqual([]);
  });

  it('sends the miIO setter of the family: templates, per-value methods, wire booleans', async () => {
    const light = deviceOf('yeelink.light.color1', { set_bright: ok, set_ps: ok });
    await light.device.set('bright', 50);
    await light.device.set('save_state', true);
    expect(light.caller.calls.map(({ method, params }) => ({ method, params }))).toEqual([
      { method: 'set_bright', params: [50, 'smooth', 500] },
      { method: 'set_ps', params: ['cfg_save_state', '1'] },
    ]);
    const v1 = deviceOf('chuangmi.plug.v1', { set_on: ok, set_off: ok, set_usb_on: ok });
    await v1.device.set('power', false);
    await v1.device.set('usb_power', true);
    expect(v1.caller.calls.map((c) => c.method)).toEqual(['set_off', 'set_usb_on']);
    const purifier = deviceOf('zhimi.airpurifier.m2', { set_mode: ok });
    await purifier.device.set('mode', 'silent');
    expect(purifier.caller.calls[0]).toMatchObject({ method: 'set_mode', params: ['silent'] });
  });

  it('sends MIoT set_properties with the wire value and turns a refusing code into DeviceCommandError', async () => {
    let code = 0;
    const { caller, device } = deviceOf('zhimi.airp.mb4a', {
      set_properties: (items) => (items as { did: string; siid: number; piid: number }[]).map((i) => ({ ...i, code })),
    });
    await device.set('mode', 'favorite');
    expect(caller.calls[0]).toMatchObject({ method: 'set_properties', params: [{ did: 'mode', siid: 2, piid: 4, value: 2 }] });
    code = -4002;
    const error = await device.set('favorite_rpm', 1200).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceCommandError);
    expect(error).toMatchObject({ target: 'favorite_rpm', deviceCode: -4002, message: 'zhimi-airpurifier-miot.favorite_rpm: device answered code -4002 (property not writable)' });
    await expect(device.set('favorite_rpm', 1205)).rejects.toMatchObject({ reason: '1205 is not a multiple of 10 from 300' });
  });

  it('runs actions: miIO method with validated args, MIoT action with its code and out', async () => {
    const vacuum = deviceOf('roborock.vacuum.s5', { app_start: ok, app_goto_target: ok });
    expect(await vacuum.device.action('start')).toEqual(['ok']);
    await vacuum.device.action('goto', [25500, 25500]);
    await expect(vacuum.device.action('goto', [25500])).rejects.toMatchObject({ property: 'goto', reason: 'takes 2 argument(s), got 1' });
    await expect(vacuum.device.action('goto', [25500, -1])).rejects.toMatchObject({ property: 'goto(y)', reason: '-1 is below the minimum 0' });
    await expect(vacuum.device.action('fly')).rejects.toMatchObject({ property: 'fly', reason: 'no such action' });
    expect(vacuum.caller.calls.map(({ method, params }) => ({ method, params }))).toEqual([
      { method: 'app_start', params: [] },
      { method: 'app_goto_target', params: [25500, 25500] },
    ]);

    let reply: unknown = { code: 0, out: [] };
    const purifier = deviceOf('zhimi.airp.mb4a', { action: () => reply });
    expect(await purifier.device.action('reset_filter_life')).toEqual([]);
    expect(purifier.caller.calls[0]).toMatchObject({ method: 'action', params: { siid: 4, aiid: 1, in: [] } });
    reply = ['ok'];
    expect(await purifier.device.action('reset_filter_life')).toEqual([]);
    reply = { code: -4004 };
    await expect(purifier.device.action('reset_filter_life')).rejects.toMatchObject({ target: 'reset_filter_life', deviceCode: -4004 });
    reply = { code: 0, out: [7] };
    expect(await purifier.device.action('reset_filter_life')).toEqual([7]);
    reply = null;
    const error = await purifier.device.action('reset_filter_life').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceCommandError);
    expect(error).toMatchObject({ target: 'reset_filter_life', reason: expect.stringContaining('unexpected action reply') });
  });

  it('a set_properties reply without an item for the property is a DeviceCommandError', async () => {
    const { device } = deviceOf('zhimi.airp.mb4a', { set_properties: () => [] });
    await expect(device.set('mode', 'favorite')).rejects.toMatchObject({ target: 'mode', reason: 'no item for it in the set_properties reply' });
  });
});
