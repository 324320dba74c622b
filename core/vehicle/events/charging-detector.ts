/** vehicle.charging_started / _stopped from ...Charging.IsCharging; the first value emits nothing. */
import { VSS } from '../state/vss-paths.js';
import { round1, type CarEventDetector } from './detector.js';

export function createChargingDetector(): CarEventDetector {
  let charging: boolean | null = null;
  return {
    onUpdate(update, ts, { signals, emit }) {
      if (update.path !== VSS.isCharging || signals.charging === null) return;
      const was = charging;
      charging = signals.charging;
      if (was === null || was === charging) return;
      emit(charging ? 'vehicle.charging_started' : 'vehicle.charging_stopped', ts, {
        soc_pct: round1(signals.socPct),
        cable_connected: signals.cableConnected,
      });
    },
  };
}
