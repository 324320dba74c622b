/**
 * Signal updates → car events and home presence. One fold of the signals and one position filter
 * feed every detector (one file each), in a fixed order so that an update that parks the car is
 * judged with the position it had. Decisions run on the updates themselves, on their timestamps:
 * the update that engages P (or switches the ignition off) is the decisive moment, so an arrival
 * comes with it, live or in a replay at any speed, and no timer is needed. The scheduler only
 * stamps updates that carry no time.
 *
 * Both outputs share one subscription to the updates while anyone listens (hot while subscribed).
 */
import { Observable, filter, map, share, type SchedulerLike } from 'rxjs';
import type { SignalUpdate } from '../signal-updates.js';
import { createApproachDetector } from './approach-detector.js';
import { createBatteryLowDetector } from './battery-low-detector.js';
import type { CarEvent, CarEventName, EvidenceValue, HomePresence, HomeZone } from './car-event.js';
import { createCarSignals, createSignalFold } from './car-signals.js';
import { createChargingDetector } from './charging-detector.js';
import type { CarEventDetector, DetectorContext } from './detector.js';
import { createDoorDetector } from './door-detector.js';
import { createHomePresenceDetector } from './home-presence-detector.js';
import { createIgnitionDetector } from './ignition-detector.js';
import { createParkedDetector } from './parked-detector.js';
import { createPositionTracker } from './position-tracker.js';

export interface DetectCarEventsOptions {
  home: HomeZone;
  scheduler: SchedulerLike;
  /** ETA thresholds for home.approaching, seconds (default 600, 300, 120, 60). */
  etaThresholdsS?: readonly number[];
  /** vehicle.battery_low below this state of charge, % (default 15). */
  batteryLowPct?: number;
  /** ... and again only after rising to this, % (default 20). */
  batteryLowClearPct?: number;
}

export interface CarEventStreams {
  readonly events$: Observable<CarEvent>;
  /** On every evaluation (each fix, or each second of dead reckoning) and every change of state. */
  readonly presence$: Observable<HomePresence>;
}

type Output = { event: CarEvent; presence?: undefined } | { event?: undefined; presence: HomePresence };

export const DEFAULT_ETA_THRESHOLDS_S: readonly number[] = [600, 300, 120, 60];

/** The state of one pass over the updates: signals, position, and every detector. */
function createRun(options: DetectCarEventsOptions, emit: DetectorContext['emit']) {
  const { home } = options;
  const signals = createCarSignals();
  const fold = createSignalFold();
  const tracker = createPositionTracker(home.latitude, home.longitude);
  const presence = createHomePresenceDetector(home, tracker);
  const approach = createApproachDetector(home, tracker, presence, options.etaThresholdsS ?? DEFAULT_ETA_THRESHOLDS_S);
  // Order matters: presence first (it moves the filter and may arrive), then what reads it.
  const detectors: CarEventDetector[] = [
    createParkedDetector(),
    presence,
    approach,
    createIgnitionDetector(),
    createChargingDetector(),
    createBatteryLowDetector(options.batteryLowPct ?? 15, options.batteryLowClearPct ?? 20),
    createDoorDetector(),
  ];
  const context: DetectorContext = { signals, emit };
  return {
    presence,
    approach,
    onUpdate(update: SignalUpdate, ts: number): void {
      fold(signals, update, ts);
      for (const detector of detectors) detector.onUpdate(update, ts, context);
    },
  };
}

export function detectCarEvents(updates$: Observable<SignalUpdate>, options: DetectCarEventsOptions): CarEventStreams {
  const { scheduler } = options;
  const output$ = new Observable<Output>((subscriber) => {
    const emit = (name: CarEventName, ts: number, evidence: Record<string, EvidenceValue>): void => {
      subscriber.next({ event: { name, ts, evidence } });
    };
    let run = createRun(options, emit);
    let lastTs = -Infinity;
    return updates$.subscribe({
      next(update) {
        const ts = update.ts > 0 ? update.ts : scheduler.now() / 1000;
        // Time running backwards is a new log (one played again): start over, silently.
        if (ts < lastTs - 1) run = createRun(options, emit);
        lastTs = ts;
        run.onUpdate(update, ts);
        if (run.presence.evaluated) subscriber.next({ presence: { ...run.presence.presence(), etaS: run.approach.etaS } });
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
  }).pipe(share());
  return {
    events$: output$.pipe(
      filter((out): out is { event: CarEvent } => out.event !== undefined),
      map((out) => out.event),
    ),
    presence$: output$.pipe(
      filter((out): out is { presence: HomePresence } => out.presence !== undefined),
      map((out) => out.presence),
    ),
  };
}
