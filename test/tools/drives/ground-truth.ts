/**
 * What should have happened on a drive, from the true track and the rules of the issue: arrived
 * when the car parks (P or ignition off, standing) inside the zone while not home, timed from the
 * standstill before it; left when, home and driving, it first crosses the exit radius; an approach
 * is expected for an arrival whose drive started beyond the approach radius.
 */
import type { HomeZone } from '../../../core/vehicle/events/car-event.js';
import type { Track } from './simulate-drive.js';

export interface TruthArrival {
  /** Seconds since the epoch the car stood still at its parking place. */
  stopTs: number;
  /** When P or ignition off came. */
  parkTs: number;
  expectApproach: boolean;
  /** Start of the drive that ends here (the previous parking, or the log's start). */
  driveStartTs: number;
}

export interface GroundTruth {
  initial: 'home' | 'not_home';
  arrivals: TruthArrival[];
  /** Seconds since the epoch of each exit-radius crossing. */
  lefts: number[];
  /** Closest true distance to home over the drive, m. */
  closestM: number;
  /** True for drives on which an approach is legitimate (an arrival, or passing within 1 km). */
  approachAllowed: boolean;
}

export function groundTruth(track: Track, home: HomeZone, startTs: number): GroundTruth {
  const exitRadiusM = home.exitRadiusM ?? home.radiusM * 2;
  const approachRadiusM = home.approachRadiusM ?? 2000;
  const arrivals: TruthArrival[] = [];
  const lefts: number[] = [];
  let closestM = Infinity;
  const first = track.samples[0];
  const parkedOf = (s: (typeof track.samples)[number]): boolean => s.speedMs === 0 && (s.gear === 'P' || s.power === 'OFF');
  let home_ = Math.hypot(first.east, first.north) <= home.radiusM && parkedOf(first);
  const initial = home_ ? 'home' : 'not_home';
  let wasParked = parkedOf(first);
  let driveStartT = 0;
  let beyondApproach = false;
  for (const s of track.samples) {
    const d = Math.hypot(s.east, s.north);
    closestM = Math.min(closestM, d);
    if (d > approachRadiusM) beyondApproach = true;
    const parked = parkedOf(s);
    if (parked && !wasParked) {
      if (!home_ && d <= home.radiusM) {
        const stopT = Math.max(...track.stops.filter((t) => t <= s.t));
        arrivals.push({ stopTs: startTs + stopT, parkTs: startTs + s.t, expectApproach: beyondApproach, driveStartTs: startTs + driveStartT });
        home_ = true;
      }
    }
    if (!parked && wasParked) {
      driveStartT = s.t;
      beyondApproach = d > approachRadiusM;
    }
    if (home_ && !parked && d > exitRadiusM) {
      lefts.push(startTs + s.t);
      home_ = false;
    }
    wasParked = parked;
  }
  return { initial, arrivals, lefts, closestM, approachAllowed: arrivals.length > 0 || closestM < 1000 };
}
