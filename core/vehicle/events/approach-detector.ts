/**
 * home.approaching: the car is closing in on home, with an ETA, re-emitted as the ETA crosses
 * each configured threshold (default 600, 300, 120, 60 s; a first emission below several of them
 * counts for all those).
 *
 * Distance alone would fire for every drive that passes within the approach radius. The trend
 * decides: over the last 20 s the distance must fall at ≥ 2.5 m/s and at ≥ cos θ of the wheel
 * speed. Beyond 1 km cos θ ≥ 0.75 is not enough (a road passing 1 km off closes at 85 % of the
 * speed 2 km out): the course must also pass home by less than 800 m (d · sin θ) and the ETA must
 * fall at ≥ 0.85 s per second over 30 s (a passing drive's ETA falls ever slower as it nears its
 * closest point; a car heading home sees it fall one for one). Within 1 km, where no such drive
 * comes, cos θ ≥ 0.5 is enough.
 * Fifteen evaluations (about 15 s) must agree; only a steady window (no stop, light or corner in
 * it: slowest speed ≥ 60 % of the mean) that disagrees starts the count over. The thresholds re-arm
 * when the car is home, beyond 1.25 × the approach radius, or has driven away for a minute.
 */
import type { HomeZone } from './car-event.js';
import { isMovingNow } from './car-signals.js';
import { round1, type CarEventDetector } from './detector.js';
import type { HomePresenceDetector } from './home-presence-detector.js';
import type { PositionTracker } from './position-tracker.js';

const WINDOW_S = 20;
const ETA_WINDOW_S = 30;
const MIN_CLOSING_MS = 2.5;
/** cos θ needed: far out (beyond NEAR_M), and near, where what closes in at all is coming home. */
const MIN_DIRECTNESS_FAR = 0.75;
const MIN_DIRECTNESS_NEAR = 0.5;
/** Windows whose slowest speed is below this share of the mean are not judged (lights, corners). */
const MIN_STEADY = 0.6;
const MAX_ETA_SLOPE = -0.85;
const STREAK = 15;
const REARM_AWAY_S = 60;
/** Nearer than this, heading home at 75 % of the speed is enough: no pass-by 1 km off gets here. */
const NEAR_M = 1000;
/** Beyond NEAR_M, the distance the car would pass home by on its present course must be below this. */
const MAX_MISS_M = 800;

export interface ApproachDetector extends CarEventDetector {
  /** Seconds to home while the car approaches, else null. */
  readonly etaS: number | null;
}

interface Point {
  t: number;
  v: number;
}

/** Least-squares slope of v over t; NaN when the points span less than `minSpanS`. */
function slopeOf(points: readonly Point[], minSpanS: number): number {
  const n = points.length;
  if (n < 3 || points[n - 1].t - points[0].t < minSpanS) return Number.NaN;
  let st = 0;
  let sv = 0;
  for (const p of points) {
    st += p.t;
    sv += p.v;
  }
  const mt = st / n;
  const mv = sv / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - mt) * (p.v - mv);
    den += (p.t - mt) * (p.t - mt);
  }
  return den > 0 ? num / den : Number.NaN;
}

function trim(points: Point[], now: number, windowS: number): void {
  while (points.length > 0 && now - points[0].t > windowS) points.shift();
}

export function createApproachDetector(
  home: HomeZone,
  tracker: PositionTracker,
  presence: HomePresenceDetector,
  thresholdsS: readonly number[],
): ApproachDetector {
  const thresholds = [...thresholdsS].sort((a, b) => b - a);
  const approachRadiusM = home.approachRadiusM ?? 2000;
  const distances: Point[] = [];
  const speeds: Point[] = [];
  const etas: Point[] = [];
  let next = 0;
  let streak = 0;
  let awaySinceTs = Number.NaN;
  let etaS: number | null = null;

  const reset = (): void => {
    distances.length = 0;
    speeds.length = 0;
    etas.length = 0;
    streak = 0;
    etaS = null;
  };

  return {
    get etaS() {
      return etaS;
    },
    onUpdate(_update, ts, context) {
      if (!presence.evaluated) return;
      const d = tracker.distanceM();
      if (presence.state !== 'not_home' || d === null) {
        if (presence.state === 'home') next = 0;
        reset();
        return;
      }
      if (d > approachRadiusM * 1.25) next = 0;
      if (d > approachRadiusM * 1.5) {
        reset();
        return;
      }
      distances.push({ t: ts, v: d });
      speeds.push({ t: ts, v: Math.abs(context.signals.speedKmh ?? 0) / 3.6 });
      trim(distances, ts, WINDOW_S);
      trim(speeds, ts, WINDOW_S);
      const closingMs = -slopeOf(distances, WINDOW_S / 2);
      let meanSpeedMs = 0;
      let minSpeedMs = Infinity;
      for (const s of speeds) {
        meanSpeedMs += s.v / speeds.length;
        minSpeedMs = Math.min(minSpeedMs, s.v);
      }
      const steady = meanSpeedMs >= MIN_CLOSING_MS && minSpeedMs >= MIN_STEADY * meanSpeedMs;
      const minDirectness = d <= NEAR_M ? MIN_DIRECTNESS_NEAR : MIN_DIRECTNESS_FAR;
      const heading = closingMs >= MIN_CLOSING_MS && closingMs >= minDirectness * meanSpeedMs;
      const eta = heading ? d / closingMs : null;
      // Closing at cos θ of the speed means passing home by d·sin θ if the course held.
      const directness = Math.min(1, closingMs / Math.max(meanSpeedMs, 0.1));
      const missM = d * Math.sqrt(1 - directness * directness);
      if (eta === null) etas.length = 0;
      else {
        etas.push({ t: ts, v: eta });
        trim(etas, ts, ETA_WINDOW_S);
      }
      const etaSlope = slopeOf(etas, ETA_WINDOW_S / 2);
      const approaching = eta !== null && isMovingNow(context.signals) && d <= approachRadiusM && d > home.radiusM &&
        (d <= NEAR_M || (missM <= MAX_MISS_M && etaSlope <= MAX_ETA_SLOPE));
      // An unsteady window (a light, a corner, standing) cannot break a streak.
      if (approaching) streak++;
      else if (steady) streak = 0;
      etaS = approaching ? round1(eta) : null;
      // Driving away (distance rising) for a minute re-arms the thresholds: a new approach may follow.
      if (closingMs < 0) {
        if (Number.isNaN(awaySinceTs)) awaySinceTs = ts;
        if (ts - awaySinceTs >= REARM_AWAY_S) next = 0;
      } else awaySinceTs = Number.NaN;
      if (streak < STREAK || eta === null || next >= thresholds.length || eta > thresholds[next]) return;
      while (next < thresholds.length && eta <= thresholds[next]) next++;
      const crossed = thresholds[next - 1];
      context.emit('home.approaching', ts, {
        distance_m: round1(d),
        eta_s: round1(eta),
        threshold_s: crossed,
        closing_speed_kmh: round1(closingMs * 3.6),
        miss_m: Math.round(missM),
        eta_trend: Math.round(etaSlope * 100) / 100,
        speed_kmh: round1(context.signals.speedKmh),
        accuracy_m: round1(tracker.filter.sigmaM),
      });
    },
  };
}
