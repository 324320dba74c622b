import { describe, expect, it } from 'vitest';
import { buildActionRequest, buildGetRequests, buildSetRequest, setterMethod } from './commands.js';
import { DeviceOptionsError, DeviceValueError } from './errors.js';
import { requireFamily } from './registry.js';
import { fromWire, requireProperty, validateAction, validateSet } from './values.js';

const purifier = requireFamily('zhimi.airpurifier.m1');
const purifier3c = requireFamily('zhimi.airp.mb4a');
const fan = requireFamily('dmaker.fan.p9');
const light = requireFamily('yeelink.light.color1');
const curtain = requireFamily('lumi.curtain.hagl05');

function errorOf(fn: () => unknown): DeviceValueError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DeviceValueError) return e;
    throw e;
  }
  throw new Error('expected a DeviceValueError');
}

describe('validateSet', () => {
  it('returns the wire value for typed input and for wire input', () => {
    expect(validateSet(purifier, 'power', true)).toBe('on');
    expect(validateSet(purifier, 'power', 'off')).toBe('off');
    expect(validateSet(purifier3c, 'mode', 'favorite')).toBe(2);
    expect(validateSet(purifier3c, 'mode', 2)).toBe(2);
    expect(validateSet(purifier, 'led_brightness', 'dim')).toBe(1);
    expect(validateSet(fan, 'swing_mode_angle', 120)).toBe(120);
  });

  it('says which property and why', () => {
    const range = errorOf(() => validateSet(purifier, 'favorite_level', 18));
    expect(range.property).toBe('favorite_level');
    expect(range.message).toBe('zhimi-airpurifier-miio.favorite_level: 18 is above the maximum 17');
    expect(errorOf(() => validateSet(purifier, 'aqi', 5)).reason).toBe('is read-only');
    expect(errorOf(() => validateSet(purifier, 'turbo', 5)).reason).toBe('no such property');
    expect(errorOf(() => validateSet(purifier3c, 'mode', 'turbo')).reason).toMatch(/not one of "auto", "silent", "favorite", "fan"/);
    expect(errorOf(() => validateSet(purifier3c, 'favorite_rpm', 305)).reason).toMatch(/multiple of 10/);
    expect(errorOf(() => validateSet(fan, 'swing_mode_angle', 100)).reason).toBe('100 is not one of 30, 60, 90, 120, 150');
    expect(errorOf(() => validateSet(fan, 'fan_speed', 50.5)).reason).toBe('expected an integer, got 50.5');
    expect(errorOf(() => validateSet(fan, 'power', 'yes')).reason).toBe('expected a boolean, got "yes"');
    expect(errorOf(() => validateSet(curtain, 'target_position', -1)).reason).toBe('-1 is below the minimum 0');
    expect(validateSet(curtain, 'adjust_value', -100)).toBe(-100);
  });

  it('validates action arguments by count and value', () => {
    expect(validateAction(light, 'set_hsv', [120, 50, 'smooth', 500])).toEqual([120, 50, 'smooth', 500]);
    expect(errorOf(() => validateAction(light, 'set_hsv', [400, 50, 'smooth', 500])).property).toBe('set_hsv(hue)');
    expect(errorOf(() => validateAction(light, 'toggle', [1])).reason).toBe('takes 0 argument(s), got 1');
    expect(errorOf(() => validateAction(light, 'dance', [])).reason).toBe('no such action');
  });
});

describe('fromWire', () => {
  it('decodes Yeelight strings, scaled temperatures and MIoT enums', () => {
    expect(fromWire(light.id, requireProperty(light, 'bright'), '75')).toBe(75);
    expect(fromWire(light.id, requireProperty(light, 'color_mode'), '2')).toBe('color_temperature');
    expect(fromWire(purifier.id, requireProperty(purifier, 'temperature'), 186)).toBe(18.6);
    expect(fromWire(purifier3c.id, requireProperty(purifier3c, 'mode'), 1)).toBe('silent');
    expect(() => fromWire(purifier3c.id, requireProperty(purifier3c, 'mode'), 9)).toThrow(DeviceValueError);
  });
});

describe('request builders', () => {
  it('builds miIO setters from the param template', () => {
    expect(buildSetRequest(light, 'bright', 40)).toEqual({ method: 'set_bright', params: [40, 'smooth', 500] });
    expect(buildSetRequest(light, 'save_state', true)).toEqual({ method: 'set_ps', params: ['cfg_save_state', '1'] });
    expect(buildSetRequest(requireFamily('chuangmi.plug.v1'), 'power', false)).toEqual({ method: 'set_off', params: [] });
  });

  it('names the property and value when a per-value setter has no method for it', () => {
    const setter = { method: { true: 'set_on', false: 'set_off' }, params: [] };
    expect(setterMethod(setter, true, 'plug', 'power')).toBe('set_on');
    const error = errorOf(() => setterMethod(setter, 'toString', 'plug', 'power'));
    expect(error).toMatchObject({ family: 'plug', property: 'power', reason: 'no setter method for value "toString"' });
  });

  it('rejects a maxProperties that is not a positive integer', () => {
    for (const maxProperties of [0, -1, 2.5, Number.NaN]) {
      expect(() => buildGetRequests(fan, undefined, { maxProperties })).toThrow(DeviceOptionsError);
    }
    expect(() => buildGetRequests(fan, undefined, { maxProperties: 0 })).toThrow('maxProperties must be a positive integer, got 0');
  });

  it('builds MIoT set_properties, get_properties in chunks and actions', () => {
    expect(buildSetRequest(purifier3c, 'favorite_rpm', 1200)).toEqual({
      method: 'set_properties',
      params: [{ did: 'favorite_rpm', siid: 9, piid: 3, value: 1200 }],
    });
    const gets = buildGetRequests(fan, undefined, { maxProperties: 4 });
    expect(gets.map((g) => (g.params as unknown[]).length)).toEqual([4, 4, 2]);
    expect(buildActionRequest(purifier3c, 'reset_filter_life')).toEqual({
      method: 'action',
      params: { did: 'call-4-1', siid: 4, aiid: 1, in: [] },
    });
    expect(() => buildGetRequests(curtain, ['adjust_value'])).toThrow(/write-only/);
  });

  it('groups miIO reads by method', () => {
    expect(buildGetRequests(requireFamily('chuangmi.plug.v3'))).toEqual([
      { method: 'get_prop', params: ['on', 'usb_on', 'temperature', 'wifi_led'] },
      { method: 'get_power', params: [] },
    ]);
    expect(buildGetRequests(requireFamily('roborock.vacuum.s5'))).toEqual([{ method: 'get_status', params: [] }]);
  });
});
