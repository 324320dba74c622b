import { choicesOf, type MiioFamily, type MiioProperty } from '../model.js';

/** Yeelight bulbs, strips, ceilings, bedside lamps: miIO, string values (python-miio yeelight.py, specs.yaml). */
export const YEELIGHT_MODELS = ['yeelink.light.*'] as const;

const SMOOTH_MS = 500;

function prop(name: string, extra: Partial<MiioProperty>): MiioProperty {
  return { name, type: 'int', readable: true, writable: false, get: { method: 'get_prop', key: name }, ...extra };
}

export const yeelight: MiioFamily = {
  id: 'yeelight',
  title: 'Yeelight',
  protocol: 'miio',
  models: YEELIGHT_MODELS,
  getPropStrings: true,
  unknownPropValue: '',
  properties: [
    prop('power', { type: 'bool', boolWire: ['on', 'off'], writable: true, set: { method: 'set_power', params: ['$value', 'smooth', SMOOTH_MS] } }),
    prop('bright', { unit: '%', range: { min: 1, max: 100 }, writable: true, set: { method: 'set_bright', params: ['$value', 'smooth', SMOOTH_MS] } }),
    // The widest range of the family (bslamp 1700 K); ceilings accept 2700–6500 K.
    prop('ct', { unit: 'K', range: { min: 1700, max: 6500 }, writable: true, set: { method: 'set_ct_abx', params: ['$value', 'smooth', SMOOTH_MS] } }),
    prop('rgb', { range: { min: 0, max: 0xffffff }, writable: true, set: { method: 'set_rgb', params: ['$value', 'smooth', SMOOTH_MS] } }),
    prop('hue', { range: { min: 0, max: 359 } }),
    prop('sat', { unit: '%', range: { min: 0, max: 100 } }),
    prop('color_mode', { type: 'enum', choices: [
      { value: 1, label: 'rgb' },
      { value: 2, label: 'color_temperature' },
      { value: 3, label: 'hsv' },
    ] }),
    prop('flowing', { type: 'bool', boolWire: ['1', '0'] }),
    prop('delayoff', { unit: 'min', range: { min: 0, max: 60 } }),
    prop('name', { type: 'string', writable: true, set: { method: 'set_name', params: ['$value'] } }),
    prop('lan_ctrl', { type: 'bool', writable: true, set: { method: 'set_ps', params: ['cfg_lan_ctrl', '$value'] }, boolWire: ['1', '0'] }),
    prop('save_state', { type: 'bool', writable: true, set: { method: 'set_ps', params: ['cfg_save_state', '$value'] }, boolWire: ['1', '0'] }),
    prop('music_on', { type: 'bool', boolWire: ['1', '0'] }),
    prop('active_mode', { type: 'enum', choices: choicesOf(['daylight', 'moonlight']) }),
    prop('nl_br', { unit: '%', range: { min: 0, max: 100 } }),
  ],
  actions: [
    { name: 'toggle', method: 'toggle', params: [] },
    { name: 'set_default', method: 'set_default', params: [], description: 'Save the current state as the power-on default.' },
    {
      name: 'set_hsv',
      method: 'set_hsv',
      params: [
        { name: 'hue', type: 'int', range: { min: 0, max: 359 } },
        { name: 'sat', type: 'int', range: { min: 0, max: 100 } },
        { name: 'effect', type: 'enum', choices: choicesOf(['smooth', 'sudden'], 'same') },
        { name: 'duration', type: 'int', range: { min: 30, max: 60000 } },
      ],
    },
  ],
};
