import { choicesOf, type MiotFamily, type MiotProperty } from '../model.js';

/** Mi Smart Standing Fans: MIoT, one siid/piid table per model group (python-miio dmaker/fan/fan_miot.py). */
export const DMAKER_FAN_P9_MODELS = ['dmaker.fan.p9'] as const;
export const DMAKER_FAN_P10_MODELS = ['dmaker.fan.p10', 'dmaker.fan.p18'] as const;
export const DMAKER_FAN_P11_MODELS = ['dmaker.fan.p11', 'dmaker.fan.p15', 'dmaker.fan.p33'] as const;
export const DMAKER_FAN_P45_MODELS = ['dmaker.fan.p45'] as const;

type Slot = readonly [siid: number, piid: number];

interface FanTable {
  power: Slot; fan_level: Slot; mode: Slot; swing_mode: Slot; swing_mode_angle: Slot; fan_speed: Slot;
  power_off_time: Slot; buzzer: Slot; light: Slot; child_lock: Slot; set_move?: Slot;
}

function fanProperties(t: FanTable, modes: readonly string[], angles: readonly number[]): MiotProperty[] {
  const rw = (name: string, [siid, piid]: Slot, extra: Partial<MiotProperty>): MiotProperty => ({
    name, siid, piid, type: 'bool', readable: true, writable: true, ...extra,
  });
  const props = [
    rw('power', t.power, {}),
    rw('fan_level', t.fan_level, { type: 'int', range: { min: 1, max: 4 } }),
    rw('mode', t.mode, { type: 'enum', choices: choicesOf(modes) }),
    rw('swing_mode', t.swing_mode, {}),
    rw('swing_mode_angle', t.swing_mode_angle, { type: 'int', unit: '°', range: { min: 30, max: 150 }, allowed: angles }),
    rw('fan_speed', t.fan_speed, { type: 'int', unit: '%', range: { min: 1, max: 100 } }),
    rw('power_off_time', t.power_off_time, { type: 'int', unit: 'min', range: { min: 0, max: 480 } }),
    rw('buzzer', t.buzzer, {}),
    rw('light', t.light, {}),
    rw('child_lock', t.child_lock, {}),
  ];
  if (t.set_move) {
    // Write-only: real fans answer a read with -4003 (fan_miot.py docstring).
    props.push(rw('set_move', t.set_move, { type: 'enum', readable: false, readErrorCode: -4003, choices: choicesOf(['left', 'right'], 'same') }));
  }
  return props;
}

const ANGLES_140 = [30, 60, 90, 120, 140];
const ANGLES_150 = [30, 60, 90, 120, 150];

function fan(id: string, title: string, models: readonly string[], properties: MiotProperty[]): MiotFamily {
  return { id, title, protocol: 'miot', models, properties, actions: [] };
}

export const dmakerFanP9 = fan('dmaker-fan-p9', 'Mi Smart Standing Fan 2', DMAKER_FAN_P9_MODELS, fanProperties({
  power: [2, 1], fan_level: [2, 2], mode: [2, 4], swing_mode: [2, 5], swing_mode_angle: [2, 6], fan_speed: [2, 11],
  power_off_time: [2, 8], buzzer: [2, 7], light: [2, 9], child_lock: [3, 1], set_move: [2, 10],
}, ['normal', 'nature'], ANGLES_150));

export const dmakerFanP10 = fan('dmaker-fan-p10', 'Mi Smart Standing Fan 2 / Lite', DMAKER_FAN_P10_MODELS, fanProperties({
  power: [2, 1], fan_level: [2, 2], mode: [2, 3], swing_mode: [2, 4], swing_mode_angle: [2, 5], fan_speed: [2, 10],
  power_off_time: [2, 6], buzzer: [2, 8], light: [2, 7], child_lock: [3, 1], set_move: [2, 9],
}, ['normal', 'nature'], ANGLES_140));

export const dmakerFanP11 = fan('dmaker-fan-p11', 'Mi Smart Standing Fan Pro', DMAKER_FAN_P11_MODELS, fanProperties({
  power: [2, 1], fan_level: [2, 2], mode: [2, 3], swing_mode: [2, 4], swing_mode_angle: [2, 5], fan_speed: [2, 6],
  power_off_time: [3, 1], buzzer: [5, 1], light: [4, 1], child_lock: [7, 1], set_move: [6, 1],
}, ['normal', 'nature'], ANGLES_140));

export const dmakerFanP45 = fan('dmaker-fan-p45', 'Mi Smart Standing Fan 2 Pro', DMAKER_FAN_P45_MODELS, fanProperties({
  power: [2, 1], fan_level: [2, 2], mode: [2, 3], swing_mode: [2, 4], swing_mode_angle: [2, 5], fan_speed: [8, 1],
  power_off_time: [3, 1], buzzer: [5, 1], light: [4, 1], child_lock: [7, 1],
}, ['normal', 'nature', 'sleep'], ANGLES_150));
