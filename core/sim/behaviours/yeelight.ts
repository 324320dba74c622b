import { OK, type SimBehaviour, type SimState } from '../behaviour.js';

/** A Yeelight bulb: brightness, colour temperature, RGB and HSV, each switching the colour mode. */
export function createYeelightBehaviour(): SimBehaviour {
  const initial: SimState = {
    power: true, bright: 100, ct: 4000, rgb: 0xff0000, hue: 0, sat: 100, color_mode: 'color_temperature', flowing: false,
    delayoff: 0, name: '', lan_ctrl: true, save_state: false, music_on: false, active_mode: 'daylight', nl_br: 0,
  };
  return {
    initial,
    onSet(state, name, value) {
      if (name === 'ct') state.color_mode = 'color_temperature';
      if (name === 'rgb') {
        state.color_mode = 'rgb';
        Object.assign(state, rgbToHueSat(Number(value)));
      }
      // Changing the light turns it on, like the app does with "smooth" effects.
      if (name === 'bright' || name === 'ct' || name === 'rgb') state.power = true;
    },
    action(state, name, args) {
      if (name === 'toggle') state.power = !state.power;
      else if (name === 'set_hsv') {
        state.hue = Number(args[0]);
        state.sat = Number(args[1]);
        state.color_mode = 'hsv';
        state.rgb = hueSatToRgb(state.hue, state.sat);
      } else if (name !== 'set_default') return undefined;
      return OK;
    },
  };
}

function rgbToHueSat(rgb: number): { hue: number; sat: number } {
  const r = ((rgb >> 16) & 0xff) / 255;
  const g = ((rgb >> 8) & 0xff) / 255;
  const b = (rgb & 0xff) / 255;
  const max = Math.max(r, g, b);
  const delta = max - Math.min(r, g, b);
  let hue = 0;
  if (delta > 0) {
    if (max === r) hue = 60 * (((g - b) / delta + 6) % 6);
    else if (max === g) hue = 60 * ((b - r) / delta + 2);
    else hue = 60 * ((r - g) / delta + 4);
  }
  return { hue: Math.round(hue) % 360, sat: max === 0 ? 0 : Math.round((delta / max) * 100) };
}

function hueSatToRgb(hue: number, sat: number): number {
  const s = sat / 100;
  const c = s;
  const x = c * (1 - Math.abs(((hue / 60) % 2) - 1));
  const m = 1 - c;
  const [r, g, b] = hue < 60 ? [c, x, 0] : hue < 120 ? [x, c, 0] : hue < 180 ? [0, c, x] : hue < 240 ? [0, x, c] : hue < 300 ? [x, 0, c] : [c, 0, x];
  const byte = (v: number): number => Math.round((v + m) * 255);
  return (byte(r) << 16) | (byte(g) << 8) | byte(b);
}
