import { choicesOf, type MiioFamily, type MiioProperty } from '../model.js';

/** Air Purifier 2 / 2S / Pro and siblings: legacy miIO, get_prop + set_* (python-miio airpurifier.py). */
export const ZHIMI_AIRPURIFIER_MIIO_MODELS = [
  'zhimi.airpurifier.m1',
  'zhimi.airpurifier.m2',
  'zhimi.airpurifier.v6',
  'zhimi.airpurifier.v7',
  'zhimi.airpurifier.ma2',
] as const;

const ON_OFF = ['on', 'off'] as const;

function sensor(name: string, key: string, extra: Partial<MiioProperty> = {}): MiioProperty {
  return { name, type: 'int', readable: true, writable: false, get: { method: 'get_prop', key }, ...extra };
}

function setting(name: string, key: string, method: string, extra: Partial<MiioProperty>): MiioProperty {
  return {
    name,
    type: 'bool',
    readable: true,
    writable: true,
    get: { method: 'get_prop', key },
    set: { method, params: ['$value'] },
    ...extra,
  };
}

export const zhimiAirpurifierMiio: MiioFamily = {
  id: 'zhimi-airpurifier-miio',
  title: 'Xiaomi Air Purifier (miIO)',
  protocol: 'miio',
  models: ZHIMI_AIRPURIFIER_MIIO_MODELS,
  unknownPropValue: null,
  properties: [
    setting('power', 'power', 'set_power', { boolWire: ON_OFF }),
    sensor('aqi', 'aqi', { unit: 'µg/m³', range: { min: 0, max: 600 } }),
    sensor('average_aqi', 'average_aqi', { unit: 'µg/m³', range: { min: 0, max: 600 } }),
    sensor('humidity', 'humidity', { unit: '%', range: { min: 0, max: 100 } }),
    sensor('temperature', 'temp_dec', { type: 'float', unit: '°C', scale: 0.1 }),
    setting('mode', 'mode', 'set_mode', { type: 'enum', choices: choicesOf(['auto', 'silent', 'favorite', 'idle'], 'same') }),
    setting('favorite_level', 'favorite_level', 'set_level_favorite', { type: 'int', range: { min: 0, max: 17 } }),
    sensor('filter_life_remaining', 'filter1_life', { unit: '%', range: { min: 0, max: 100 } }),
    sensor('filter_hours_used', 'f1_hour_used', { unit: 'h' }),
    sensor('filter_lifetime', 'f1_hour', { unit: 'h' }),
    sensor('use_time', 'use_time', { unit: 's' }),
    sensor('motor_speed', 'motor1_speed', { unit: 'rpm' }),
    sensor('purify_volume', 'purify_volume', { unit: 'm³' }),
    setting('led', 'led', 'set_led', { boolWire: ON_OFF }),
    setting('led_brightness', 'led_b', 'set_led_b', {
      type: 'enum',
      choices: [
        { value: 0, label: 'bright' },
        { value: 1, label: 'dim' },
        { value: 2, label: 'off' },
      ],
    }),
    setting('buzzer', 'buzzer', 'set_buzzer', { boolWire: ON_OFF }),
    setting('child_lock', 'child_lock', 'set_child_lock', { boolWire: ON_OFF }),
    setting('volume', 'volume', 'set_volume', { type: 'int', unit: '%', range: { min: 0, max: 100 } }),
    setting('learn_mode', 'act_sleep', 'set_act_sleep', { boolWire: ['single', 'close'] }),
  ],
  actions: [{ name: 'reset_filter', method: 'reset_filter1', params: [], description: 'Reset the filter life counter.' }],
};
