/**
 * vehicle.battery_low, with hysteresis: once when the state of charge falls below lowPct, and not
 * again until it has risen to clearPct or above. A car that starts below lowPct is already low:
 * the initial state emits nothing.
 */
import { VSS } from '../state/vss-paths.js';
import { round1, type CarEventDetector } from './detector.js';

export function createBatteryLowDetector(lowPct: number, clearPct: number): CarEventDetector {
  let low: boolean | null = null;
  return {
    onUpdate(update, ts, { signals, emit }) {
      if (update.path !== VSS.stateOfCharge || signals.socPct === null) return;
      const soc = signals.socPct;
      if (low === null) {
        low = soc < lowPct;
        return;
      }
      if (low && soc >= clearPct) low = false;
      else if (!low && soc < lowPct) {
        low = true;
        emit('vehicle.battery_low', ts, { soc_pct: round1(soc), threshold_pct: lowPct, clear_pct: clearPct });
      }
    },
  };
}
