import type { Choice, MiioFamily, MiioProperty } from '../model.js';

/** Roborock / Xiaomi robot vacuums, legacy miIO (python-miio roborock/vacuum/vacuum.py). */
export const ROBOROCK_VACUUM_MODELS = ['roborock.vacuum.s5', 'roborock.vacuum.s6', 'roborock.vacuum.a15', 'rockrobo.vacuum.v1'] as const;

/** get_status `state` codes (vacuumcontainers.py). */
export const VACUUM_STATES: readonly Choice[] = [
  { value: 1, label: 'starting' },
  { value: 2, label: 'charger_disconnected' },
  { value: 3, label: 'idle' },
  { value: 5, label: 'cleaning' },
  { value: 6, label: 'returning_home' },
  { value: 8, label: 'charging' },
  { value: 10, label: 'paused' },
  { value: 11, label: 'spot_cleaning' },
  { value: 12, label: 'error' },
  { value: 14, label: 'updating' },
  { value: 15, label: 'docking' },
  { value: 16, label: 'going_to_target' },
  { value: 17, label: 'zoned_cleaning' },
  { value: 18, label: 'segment_cleaning' },
  { value: 22, label: 'emptying_bin' },
  { value: 100, label: 'charging_complete' },
];

function status(name: string, extra: Partial<MiioProperty> = {}): MiioProperty {
  return { name, type: 'int', readable: true, writable: false, get: { method: 'get_status', key: name }, ...extra };
}

export const roborockVacuum: MiioFamily = {
  id: 'roborock-vacuum',
  title: 'Roborock vacuum',
  protocol: 'miio',
  models: ROBOROCK_VACUUM_MODELS,
  properties: [
    status('state', { type: 'enum', choices: VACUUM_STATES }),
    status('battery', { unit: '%', range: { min: 0, max: 100 } }),
    status('clean_time', { unit: 's' }),
    status('clean_area', { unit: 'mm²' }),
    status('error_code'),
    // set_custom_mode takes a fan percentage; 101–105 are the named presets (quiet … max, mop).
    status('fan_power', { unit: '%', range: { min: 0, max: 105 }, writable: true, set: { method: 'set_custom_mode', params: ['$value'] } }),
    status('in_cleaning', { type: 'bool', boolWire: [1, 0] }),
    status('in_returning', { type: 'bool', boolWire: [1, 0] }),
    status('map_present', { type: 'bool', boolWire: [1, 0] }),
    status('dnd_enabled', { type: 'bool', boolWire: [1, 0] }),
    status('water_box_status', { type: 'bool', boolWire: [1, 0] }),
    status('msg_ver'),
    status('msg_seq'),
  ],
  actions: [
    { name: 'start', method: 'app_start', params: [] },
    { name: 'pause', method: 'app_pause', params: [] },
    { name: 'stop', method: 'app_stop', params: [] },
    { name: 'home', method: 'app_charge', params: [], description: 'Return to the dock (the v1 needs a pause first).' },
    { name: 'spot', method: 'app_spot', params: [] },
    { name: 'find', method: 'find_me', params: [] },
    {
      name: 'goto',
      method: 'app_goto_target',
      params: [
        { name: 'x', type: 'int', range: { min: 0, max: 51200 } },
        { name: 'y', type: 'int', range: { min: 0, max: 51200 } },
      ],
    },
  ],
};
