/** vehicle.parked: the car goes from not parked to parked (P, or ignition off/lock, while standing). */
import { isParkedNow } from './car-signals.js';
import { isSettling, round1, type CarEventDetector } from './detector.js';

export function createParkedDetector(): CarEventDetector {
  let parked: boolean | null = null;
  return {
    onUpdate(_update, ts, { signals, emit }) {
      if (Number.isNaN(signals.firstDriveStateTs)) return;
      const now = isParkedNow(signals);
      const was = parked;
      parked = now;
      if (was === null || was === now || !now || isSettling(signals, ts)) return;
      emit('vehicle.parked', ts, {
        gear: signals.gear === null ? null : String(signals.gear),
        ignition: signals.ignition,
        speed_kmh: round1(signals.speedKmh),
      });
    },
  };
}
