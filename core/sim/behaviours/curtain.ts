import { approach, clamp, type SimBehaviour } from '../behaviour.js';

const DEFAULT_RUN_TIME_S = 20;

/** A curtain motor: the position approaches the target at 100 % per `run_time` seconds. */
export function createCurtainBehaviour(): SimBehaviour {
  let position = 0;

  const stop = (state: Record<string, unknown>): void => {
    state.target_position = Math.round(position);
    state.status = 'stopped';
  };

  return {
    initial: {
      motor_control: 'pause', current_position: 0, status: 'stopped', target_position: 0, is_manual_enabled: true,
      polarity: 'positive', is_position_limited: true, night_tip_light: true, run_time: DEFAULT_RUN_TIME_S, adjust_value: 0,
    },
    step(state, stepS) {
      const target = Number(state.target_position);
      const runTimeS = Number(state.run_time) || DEFAULT_RUN_TIME_S;
      if (position !== target) {
        state.status = target > position ? 'opening' : 'closing';
        position = approach(position, target, (100 / runTimeS) * stepS);
      }
      if (position === target) state.status = 'stopped';
      state.current_position = Math.round(position);
    },
    onSet(state, name, value) {
      if (name === 'target_position') {
        state.status = Number(value) === position ? 'stopped' : Number(value) > position ? 'opening' : 'closing';
      } else if (name === 'motor_control') {
        if (value === 'open') state.target_position = 100;
        else if (value === 'close') state.target_position = 0;
        else if (value === 'pause' || state.status !== 'stopped') stop(state);
        else state.target_position = position < 50 ? 100 : 0;
        if (state.target_position !== Math.round(position)) state.status = Number(state.target_position) > position ? 'opening' : 'closing';
      } else if (name === 'adjust_value') {
        state.target_position = clamp(Math.round(position + Number(value)), 0, 100);
      }
    },
    internals: () => ({ position }),
  };
}
