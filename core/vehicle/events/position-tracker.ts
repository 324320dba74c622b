/**
 * Feeds the position filter from the updates: dead reckoning on every wheel-speed update
 * (trapezoid over the gap, along the heading, backwards in R), fixes as they pair up, held while
 * the car stands parked and the estimate is good and settled (a wandering fix then moves nothing;
 * a start on a multipath burst is not settled: its few fixes are soon outvoted).
 * It says when to evaluate: on each fix, and once a second from wheel speed during a dropout.
 * It remembers whether the log found the car standing, and the dead reckoning since it drove off
 * from there, so the initial state can be judged where the car stood even once it has moved.
 */
import type { SignalUpdate } from '../signal-updates.js';
import { VSS } from '../state/vss-paths.js';
import { isMovingNow, isParkedNow, type CarSignals } from './car-signals.js';
import { createLocalFrame, type LocalFrame } from './local-frame.js';
import { PositionFilter, type DeadReckoned, type FixOutcome } from './position-filter.js';

/** Longer speed gaps are not integrated: the car may have done anything meanwhile. */
const MAX_SPEED_GAP_S = 2;
/** While parked, fixes are ignored once the estimate is this good and rests on this many fixes. */
const HOLD_SIGMA_M = 15;
export const SETTLED_FIXES = 8;
const TICK_S = 1;
/** Without a fix for this long, wheel speed ticks the evaluation once a second (a tunnel). */
const DR_TICK_AFTER_S = 1.5;
/** Without wheel speed the car may move this fast between fixes (m/s), for the uncertainty. */
const UNKNOWN_MOTION_MS = 20;

export interface PositionTracker {
  readonly frame: LocalFrame;
  readonly filter: PositionFilter;
  /** Metres driven in total (dead reckoning). */
  readonly odometerM: number;
  /** Whether wheel speed came lately (without it the odometer says nothing). */
  readonly hasWheelSpeed: boolean;
  /** Outcome of the fix this update completed, else null. */
  readonly lastOutcome: FixOutcome | 'held' | null;
  /** Folds one update; true when the decisions should be evaluated now. */
  onUpdate(update: SignalUpdate, ts: number, signals: CarSignals): boolean;
  distanceM(): number | null;
  /**
   * From home to where the car stood when the log began (the estimate minus what was driven since
   * it first moved off), with the drift σ of that dead reckoning; null when the log found it
   * already moving, or before the filter starts.
   */
  startDistance(): { distanceM: number; driftM: number } | null;
}

/** What the log's first motion values said: standing (and later drove off from there), or moving. */
type StartMotion = 'unknown' | 'standing' | 'drove_off' | 'moving';

export function createPositionTracker(originLatitude: number, originLongitude: number): PositionTracker {
  const frame = createLocalFrame(originLatitude, originLongitude);
  const filter = new PositionFilter();
  let odometerM = 0;
  let lastSpeedTs = Number.NaN;
  let lastSpeedMs = 0;
  let lastTickTs = Number.NaN;
  let lastFixTickTs = Number.NaN;
  let lastOutcome: FixOutcome | 'held' | null = null;
  let hasWheelSpeed = false;
  let startMotion: StartMotion = 'unknown';
  let droveOffAt: DeadReckoned = filter.deadReckoned;

  const noteStartMotion = (signals: CarSignals): void => {
    if (startMotion === 'drove_off' || startMotion === 'moving') return;
    if (signals.speedKmh === null && signals.isMoving === null) return;
    if (!isMovingNow(signals)) startMotion = 'standing';
    else if (startMotion === 'standing') {
      startMotion = 'drove_off';
      droveOffAt = filter.deadReckoned;
    } else startMotion = 'moving';
  };

  const deadReckon = (signals: CarSignals, ts: number): void => {
    const speedMs = Math.abs(signals.speedKmh ?? 0) / 3.6;
    const dt = ts - lastSpeedTs;
    if (dt > 0 && dt <= MAX_SPEED_GAP_S) {
      const distanceM = ((lastSpeedMs + speedMs) / 2) * dt;
      if (distanceM > 0) {
        const heading = signals.headingDeg === null ? null : signals.gear === 'R' ? (signals.headingDeg + 180) % 360 : signals.headingDeg;
        filter.advance(distanceM, heading);
        odometerM += distanceM;
      }
    }
    // A timestamp going backwards (a log played again) restarts the integration from here.
    lastSpeedTs = ts;
    lastSpeedMs = speedMs;
  };

  return {
    frame,
    filter,
    get odometerM() {
      return odometerM;
    },
    get hasWheelSpeed() {
      return hasWheelSpeed;
    },
    get lastOutcome() {
      return lastOutcome;
    },
    onUpdate(update, ts, signals) {
      lastOutcome = null;
      noteStartMotion(signals);
      if (update.path === VSS.speed) {
        deadReckon(signals, ts);
        if (!(ts - lastFixTickTs < DR_TICK_AFTER_S) && !(ts - lastTickTs < TICK_S)) {
          lastTickTs = ts;
          return filter.started;
        }
        return false;
      }
      const fix = signals.fix;
      if (fix === null) return false;
      // No wheel speed lately (a car that does not send it): the fixes must carry the motion.
      hasWheelSpeed = ts - lastSpeedTs <= MAX_SPEED_GAP_S;
      if (!hasWheelSpeed && !isParkedNow(signals) && signals.isMoving !== false) {
        filter.inflate(UNKNOWN_MOTION_MS * Math.min(Math.max(ts - lastFixTickTs, 0) || 1, 10));
      }
      if (filter.fixes >= SETTLED_FIXES && isParkedNow(signals) && filter.sigmaM <= HOLD_SIGMA_M) lastOutcome = 'held';
      else lastOutcome = filter.fix(fix.ts, frame.eastOf(fix.longitude), frame.northOf(fix.latitude), fix.accuracyM, !isMovingNow(signals));
      lastTickTs = ts;
      lastFixTickTs = ts;
      return filter.started;
    },
    distanceM() {
      return filter.started ? Math.hypot(filter.east, filter.north) : null;
    },
    startDistance() {
      if (!filter.started || startMotion === 'moving') return null;
      if (startMotion !== 'drove_off') return { distanceM: Math.hypot(filter.east, filter.north), driftM: 0 };
      const now = filter.deadReckoned;
      const east = filter.east - (now.east - droveOffAt.east);
      const north = filter.north - (now.north - droveOffAt.north);
      return { distanceM: Math.hypot(east, north), driftM: now.driftM - droveOffAt.driftM };
    },
  };
}
