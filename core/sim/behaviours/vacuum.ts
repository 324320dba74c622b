import { OK, approach, type SimBehaviour, type SimState } from '../behaviour.js';

/** One room takes ten minutes; going home half a minute. */
export const VACUUM_CLEAN_S = 600;
export const VACUUM_RETURN_S = 30;
const SPOT_S = 90;
const GOTO_S = 10;
/** mm² per second: ~35 m² in 40 minutes, like the sample status in python-miio's tests. */
const AREA_MM2_PER_S = 15_000;
const DRAIN_PCT_PER_S = 1 / 60;
const CHARGE_PCT_PER_S = 1 / 30;
const LOW_BATTERY_PCT = 20;

const CLEANING = new Set(['cleaning', 'spot_cleaning', 'zoned_cleaning', 'segment_cleaning']);

/**
 * A Roborock: cleans (time, area, battery), returns to its dock when done or low, then charges.
 * Phases run on the device's step clock, so a virtual scheduler drives a whole cycle instantly.
 */
export function createVacuumBehaviour(): SimBehaviour {
  let battery = 100;
  let phaseLeftS = 0;
  let totalTimeS = 0;
  let totalAreaMm2 = 0;
  let cleanCount = 0;

  const goHome = (state: SimState): void => {
    state.state = 'returning_home';
    state.in_returning = true;
    phaseLeftS = VACUUM_RETURN_S;
  };
  const startClean = (state: SimState, mode: string, durationS: number): void => {
    const resuming = state.state === 'paused' && phaseLeftS > 0;
    if (!resuming) {
      state.clean_time = 0;
      state.clean_area = 0;
      cleanCount += 1;
      phaseLeftS = durationS;
    }
    state.state = mode;
    state.in_cleaning = true;
    state.in_returning = false;
  };

  return {
    initial: {
      state: 'charging', battery: 100, clean_time: 0, clean_area: 0, error_code: 0, fan_power: 102, in_cleaning: false,
      in_returning: false, map_present: true, dnd_enabled: false, water_box_status: false, msg_ver: 2, msg_seq: 0,
    },
    step(state, stepS) {
      const phase = String(state.state);
      if (CLEANING.has(phase)) {
        state.clean_time = Number(state.clean_time) + stepS;
        state.clean_area = Number(state.clean_area) + AREA_MM2_PER_S * stepS;
        totalTimeS += stepS;
        totalAreaMm2 += AREA_MM2_PER_S * stepS;
        battery -= DRAIN_PCT_PER_S * stepS * (Number(state.fan_power) / 100);
        phaseLeftS = approach(phaseLeftS, 0, stepS);
        if (battery <= LOW_BATTERY_PCT || (phaseLeftS === 0 && phase === 'cleaning')) {
          state.in_cleaning = false;
          goHome(state);
        } else if (phaseLeftS === 0) {
          state.state = 'idle';
          state.in_cleaning = false;
        }
      } else if (phase === 'returning_home' || phase === 'going_to_target') {
        battery -= DRAIN_PCT_PER_S * stepS;
        phaseLeftS = approach(phaseLeftS, 0, stepS);
        if (phaseLeftS === 0) {
          state.state = phase === 'returning_home' ? 'charging' : 'idle';
          state.in_returning = false;
        }
      } else if (phase === 'charging') {
        battery = Math.min(100, battery + CHARGE_PCT_PER_S * stepS);
      }
      state.battery = Math.max(0, Math.round(battery));
    },
    action(state, name) {
      switch (name) {
        case 'start':
          startClean(state, 'cleaning', VACUUM_CLEAN_S);
          return OK;
        case 'spot':
          startClean(state, 'spot_cleaning', SPOT_S);
          return OK;
        case 'pause':
          if (CLEANING.has(String(state.state)) || state.state === 'returning_home') state.state = 'paused';
          return OK;
        case 'stop':
          if (state.state !== 'charging') state.state = 'idle';
          state.in_cleaning = false;
          state.in_returning = false;
          return OK;
        case 'home':
          if (state.state !== 'charging') goHome(state);
          return OK;
        case 'goto':
          state.state = 'going_to_target';
          phaseLeftS = GOTO_S;
          return OK;
        case 'find':
          return OK;
        default:
          return undefined;
      }
    },
    call(state, method) {
      switch (method) {
        case 'get_consumable': {
          const worked = Math.floor(totalTimeS);
          return { result: [{ main_brush_work_time: worked, side_brush_work_time: worked, filter_work_time: worked, sensor_dirty_time: worked }] };
        }
        case 'get_clean_summary':
          return { result: [Math.floor(totalTimeS), Math.floor(totalAreaMm2), cleanCount, []] };
        case 'get_timezone':
          return { result: ['UTC'] };
        case 'get_sound_volume':
          return { result: [90] };
        case 'get_timer':
          return { result: [] };
        case 'get_dnd_timer':
          return { result: [{ start_hour: 22, start_minute: 0, end_hour: 8, end_minute: 0, enabled: state.dnd_enabled ? 1 : 0 }] };
        default:
          return undefined;
      }
    },
    internals: () => ({ battery, phaseLeftS }),
  };
}
