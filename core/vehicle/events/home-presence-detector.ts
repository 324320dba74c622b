/**
 * home.arrived / home.left, and where the car is relative to home, from the filtered position.
 *
 * - Initial state: once the filter has settled (eight fixes agreeing with it, so a burst at the
 *   start is outvoted), a car the log found standing inside the zone is home, anything else not
 *   home. Nothing is emitted for it. A car that drives off before the filter settles (it starts
 *   parked at home and leaves within seconds) is judged where it stood: the estimate minus the
 *   dead reckoning since it moved off, with that drift added to the uncertainty. It is then home,
 *   and leaves as any other car does.
 * - Arrived: at the update that parks the car (P, or ignition off/lock, while standing), if the
 *   filtered position is inside the zone (give or take 1.5 σ, GPS bias included). Red lights, garage doors and U-turns never park the car,
 *   so they never arrive; a second parking inside the zone (garage after a stop in P at the door)
 *   finds the car already home. When the estimate is too uncertain to tell (after a tunnel with
 *   no fix yet), the decision waits for the fixes that follow while it stays parked.
 * - Left: while driving (not parked), once the filtered position is beyond the exit radius by its
 *   own uncertainty and the wheels (when the car sends wheel speed) have turned at least half the
 *   way from the zone's edge to the exit radius. A parked car never leaves, however far a fix wanders or jumps.
 */
import type { HomePresence, HomeZone } from './car-event.js';
import { isParkedNow } from './car-signals.js';
import { isSettling, round1, type CarEventDetector, type DetectorContext } from './detector.js';
import { SETTLED_FIXES, type PositionTracker } from './position-tracker.js';

/** GPS bias no filter averages away, m (one σ). */
const BIAS_SIGMA_M = 8;
/** A parked car this many σ from the zone's edge still counts as inside. */
const INSIDE_SIGMAS = 1.5;

export interface HomePresenceDetector extends CarEventDetector {
  readonly state: HomePresence['state'];
  /** Presence as last evaluated (etaS is filled in by the approach detector's owner). */
  presence(): HomePresence;
  /** True when the last onUpdate evaluated (a fix or a dead-reckoning tick) or changed the state. */
  readonly evaluated: boolean;
}

export function createHomePresenceDetector(home: HomeZone, tracker: PositionTracker): HomePresenceDetector {
  const radiusM = home.radiusM;
  const exitRadiusM = home.exitRadiusM ?? radiusM * 2;
  const confidentSigmaM = Math.max(20, radiusM * 0.5);
  let state: HomePresence['state'] = 'unknown';
  let wasParked = false;
  let pending = false;
  let unparkedOdometerM = 0;
  let evaluated = false;
  let lastTs = 0;
  const { filter } = tracker;

  const positionEvidence = (context: DetectorContext) => ({
    distance_m: round1(tracker.distanceM()),
    accuracy_m: round1(filter.sigmaM),
    fixes: filter.fixes,
    speed_kmh: round1(context.signals.speedKmh),
    gear: context.signals.gear === null ? null : String(context.signals.gear),
    ignition: context.signals.ignition,
  });

  /**
   * At a parking moment (or a later fix while it waits): arrived, not home, or still unsure. The
   * uncertainty adds the GPS bias that no averaging removes (a receiver can sit 15 m off for
   * minutes), and a car within 1.5 σ of the zone counts as inside: a neighbour parks far further off.
   */
  const decideArrival = (ts: number, context: DetectorContext, trigger: string): void => {
    const d = tracker.distanceM() as number;
    const sigma = Math.hypot(filter.sigmaM, BIAS_SIGMA_M);
    const confident = filter.sigmaM <= confidentSigmaM;
    if ((confident && d - INSIDE_SIGMAS * sigma <= radiusM) || d + 2 * sigma <= radiusM) {
      state = 'home';
      pending = false;
      context.emit('home.arrived', ts, { ...positionEvidence(context), trigger });
    } else if (confident || d - 2 * sigma > radiusM) {
      pending = false;
    } else {
      pending = true;
    }
  };

  return {
    get state() {
      return state;
    },
    get evaluated() {
      return evaluated;
    },
    presence() {
      const started = filter.started;
      return {
        state,
        distanceM: round1(tracker.distanceM()),
        etaS: null,
        latitude: started ? tracker.frame.latitudeOf(filter.north) : null,
        longitude: started ? tracker.frame.longitudeOf(filter.east) : null,
        accuracyM: started ? round1(filter.sigmaM) : null,
        ts: lastTs,
      };
    },
    onUpdate(update, ts, context) {
      const tick = tracker.onUpdate(update, ts, context.signals);
      const { signals } = context;
      const parked = isParkedNow(signals);
      const before = state;
      if (tick) lastTs = ts;
      if (state === 'unknown') {
        // A burst of a few fixes may start the filter; it is settled once it has outlived one.
        if (tick && filter.fixes >= SETTLED_FIXES) {
          const start = tracker.startDistance();
          const inside = start !== null && start.distanceM - INSIDE_SIGMAS * Math.hypot(filter.sigmaM + start.driftM, BIAS_SIGMA_M) <= radiusM;
          state = inside ? 'home' : 'not_home';
        }
      } else if (parked && !wasParked && !isSettling(signals, ts)) {
        if (state === 'not_home') decideArrival(ts, context, signals.gear === 'P' ? 'gear_p' : 'ignition_' + signals.ignition);
      } else if (parked && pending && tick && state === 'not_home') {
        decideArrival(ts, context, 'late_fix');
      } else if (!parked && state === 'home' && tick) {
        const d = tracker.distanceM() as number;
        const travelledM = tracker.odometerM - unparkedOdometerM;
        const wheelsAgree = !tracker.hasWheelSpeed || travelledM >= (exitRadiusM - radiusM) / 2;
        if (d - filter.sigmaM > exitRadiusM && wheelsAgree) {
          state = 'not_home';
          context.emit('home.left', ts, { ...positionEvidence(context), travelled_m: round1(travelledM) });
        }
      }
      if (!parked) pending = false;
      if (wasParked && !parked) unparkedOdometerM = tracker.odometerM;
      wasParked = parked;
      evaluated = tick || before !== state;
    },
  };
}
