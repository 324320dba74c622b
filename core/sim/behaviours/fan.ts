import { approach, clamp, type SimBehaviour } from '../behaviour.js';

/** fan_level presets as fan_speed % (the p9 app's four steps). */
const LEVEL_SPEED: Record<number, number> = { 1: 1, 2: 35, 3: 70, 4: 100 };
/** Head sweep speed: about 6 s for 60 degrees, as a real standing fan. */
const SWEEP_DEG_PER_S = 10;
const NUDGE_DEG = 5;

/** A standing fan: oscillates within the swing angle, nudges on set_move, powers off when the timer runs out. */
export function createFanBehaviour(): SimBehaviour {
  let angle = 0;
  let direction = 1;
  let offInS = 0;

  return {
    initial: {
      power: false, fan_level: 2, mode: 'normal', swing_mode: false, swing_mode_angle: 90, fan_speed: 35,
      power_off_time: 0, buzzer: true, light: true, child_lock: false, set_move: 'left',
    },
    step(state, stepS) {
      if (state.power && state.swing_mode) {
        const half = Number(state.swing_mode_angle) / 2;
        angle += direction * SWEEP_DEG_PER_S * stepS;
        if (angle >= half || angle <= -half) {
          angle = clamp(angle, -half, half);
          direction = -direction;
        }
      }
      if (offInS > 0) {
        offInS = approach(offInS, 0, stepS);
        state.power_off_time = Math.ceil(offInS / 60);
        if (offInS === 0) state.power = false;
      }
    },
    onSet(state, name, value) {
      if (name === 'fan_level') state.fan_speed = LEVEL_SPEED[Number(value)] ?? state.fan_speed;
      if (name === 'fan_speed') state.fan_level = Number(value) <= 1 ? 1 : Number(value) <= 35 ? 2 : Number(value) <= 70 ? 3 : 4;
      if (name === 'power_off_time') offInS = Number(value) * 60;
      if (name === 'set_move') angle = clamp(angle + (value === 'left' ? -NUDGE_DEG : NUDGE_DEG), -75, 75);
      if (name === 'swing_mode_angle') angle = clamp(angle, -Number(value) / 2, Number(value) / 2);
    },
    internals: () => ({ angle, direction }),
  };
}
