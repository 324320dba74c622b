/**
 * vehicle.ignition_on / _off from Vehicle.LowVoltageSystemState: on is ON or START; leaving them
 * (to ACC, OFF or LOCK) is off. The first known state is the initial one and emits nothing.
 */
import { isIgnitionOn } from '../state/derive-vehicle-state.js';
import type { IgnitionState } from '../state/vss-sample.js';
import { VSS } from '../state/vss-paths.js';
import type { CarEventDetector } from './detector.js';

export function createIgnitionDetector(): CarEventDetector {
  let on: boolean | null = null;
  let previous: IgnitionState = 'unknown';
  return {
    onUpdate(update, ts, { signals, emit }) {
      if (update.path !== VSS.lowVoltageSystemState) return;
      const ignition = signals.ignition;
      if (ignition === 'unknown' || ignition === 'undefined') return;
      const now = isIgnitionOn(ignition);
      const was = on;
      const from = previous;
      on = now;
      previous = ignition;
      if (was === null || was === now) return;
      emit(now ? 'vehicle.ignition_on' : 'vehicle.ignition_off', ts, { ignition, previous: from });
    },
  };
}
