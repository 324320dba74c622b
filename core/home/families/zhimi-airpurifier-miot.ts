import { choicesOf, type MiotFamily, type MiotProperty } from '../model.js';

/** Air Purifier 3C: MIoT (python-miio airpurifier_miot.py `_MAPPING_MB4`; spec urn zhimi-mb4:2). */
export const ZHIMI_AIRPURIFIER_MIOT_MODELS = ['zhimi.airpurifier.mb4', 'zhimi.airp.mb4a'] as const;

function prop(name: string, siid: number, piid: number, extra: Partial<MiotProperty>): MiotProperty {
  return { name, siid, piid, type: 'int', readable: true, writable: false, ...extra };
}

export const zhimiAirpurifierMiot: MiotFamily = {
  id: 'zhimi-airpurifier-miot',
  title: 'Xiaomi Air Purifier 3C (MIoT)',
  protocol: 'miot',
  models: ZHIMI_AIRPURIFIER_MIOT_MODELS,
  properties: [
    prop('power', 2, 1, { type: 'bool', writable: true }),
    // python-miio's shared MIoT OperationMode; the 3C's own spec names 1 "sleep".
    prop('mode', 2, 4, { type: 'enum', writable: true, choices: choicesOf(['auto', 'silent', 'favorite', 'fan']) }),
    prop('aqi', 3, 4, { unit: 'µg/m³', range: { min: 0, max: 600 } }),
    prop('filter_life_remaining', 4, 1, { unit: '%', range: { min: 0, max: 100 } }),
    prop('filter_hours_used', 4, 3, { unit: 'h', range: { min: 0, max: 65000 } }),
    prop('buzzer', 6, 1, { type: 'bool', writable: true }),
    prop('led_brightness_level', 7, 2, { writable: true, range: { min: 0, max: 8 } }),
    prop('child_lock', 8, 1, { type: 'bool', writable: true }),
    prop('motor_speed', 9, 1, { unit: 'rpm', range: { min: 0, max: 65535 } }),
    prop('favorite_rpm', 9, 3, { unit: 'rpm', writable: true, range: { min: 300, max: 2200, step: 10 } }),
  ],
  actions: [{ name: 'reset_filter_life', siid: 4, aiid: 1, in: [], description: 'Reset the filter life counter.' }],
};
