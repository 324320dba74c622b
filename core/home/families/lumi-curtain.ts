import { choicesOf, type MiotFamily, type MiotProperty } from '../model.js';

/** Aqara curtain controller (MIoT), python-miio lumi/curtain/curtain_youpin.py. */
export const LUMI_CURTAIN_MODELS = ['lumi.curtain.hagl05'] as const;

function prop(name: string, siid: number, piid: number, extra: Partial<MiotProperty>): MiotProperty {
  return { name, siid, piid, type: 'bool', readable: true, writable: true, ...extra };
}

export const lumiCurtain: MiotFamily = {
  id: 'lumi-curtain',
  title: 'Aqara Curtain Controller',
  protocol: 'miot',
  models: LUMI_CURTAIN_MODELS,
  properties: [
    prop('motor_control', 2, 2, { type: 'enum', readable: false, choices: choicesOf(['pause', 'open', 'close', 'auto']) }),
    prop('current_position', 2, 3, { type: 'int', unit: '%', range: { min: 0, max: 100 }, writable: false }),
    prop('status', 2, 6, { type: 'enum', writable: false, choices: choicesOf(['stopped', 'opening', 'closing']) }),
    prop('target_position', 2, 7, { type: 'int', unit: '%', range: { min: 0, max: 100 } }),
    prop('is_manual_enabled', 4, 1, {}),
    prop('polarity', 4, 2, { type: 'enum', choices: choicesOf(['positive', 'reverse']) }),
    prop('is_position_limited', 4, 3, {}),
    prop('night_tip_light', 4, 4, {}),
    prop('run_time', 4, 5, { type: 'int', unit: 's', range: { min: 0, max: 255 }, writable: false }),
    // Write-only nudge; a read answers code -4000 (curtain_youpin.py docstring).
    prop('adjust_value', 5, 1, { type: 'int', range: { min: -100, max: 100 }, readable: false, readErrorCode: -4000 }),
  ],
  actions: [],
};
