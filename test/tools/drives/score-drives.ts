/**
 * Runs drives through detectCarEvents (virtual time, as `replay --speed max`) and scores the home
 * events against the ground truth: arrived precision, recall and delay after the standstill;
 * approaching recall and lead before it; left recall and false leaves; flaps (an arrived/left pair
 * within two minutes that the truth does not have).
 */
import { from, lastValueFrom, toArray } from 'rxjs';
import { ManualClock } from '../../../core/base/manual-clock.js';
import type { CarEvent } from '../../../core/vehicle/events/car-event.js';
import { detectCarEvents } from '../../../core/vehicle/events/detect-car-events.js';
import type { GeneratedDrive } from './generate-drives.js';

const ARRIVED_WINDOW_S = [-5, 60] as const;
const LEFT_WINDOW_S = [-10, 30] as const;
const FLAP_WINDOW_S = 120;

export interface DriveResult {
  drive: GeneratedDrive;
  events: CarEvent[];
}

export async function detectDrive(drive: GeneratedDrive): Promise<DriveResult> {
  const clock = new ManualClock(drive.updates[0]?.ts * 1000 || 0);
  const { events$ } = detectCarEvents(from(drive.updates), { home: drive.home, scheduler: clock });
  return { drive, events: await lastValueFrom(events$.pipe(toArray())) };
}

export interface DriveScore {
  drives: number;
  arrived: { expected: number; matched: number; falsePositives: number; precision: number; recall: number; medianDelayS: number; maxDelayS: number };
  approaching: { expected: number; matched: number; recall: number; medianLeadS: number; minLeadS: number; falseOnPassBy: number; passBys: number };
  left: { expected: number; matched: number; recall: number; falseLeaves: number };
  flaps: number;
  /** One line per drive that missed something, for the failure message. */
  problems: string[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function scoreDrives(results: readonly DriveResult[]): DriveScore {
  let arrivedExpected = 0, arrivedMatched = 0, arrivedFalse = 0;
  let approachExpected = 0, approachMatched = 0, falseOnPassBy = 0, passBys = 0;
  let leftExpected = 0, leftMatched = 0, falseLeaves = 0, flaps = 0;
  const delays: number[] = [];
  const leads: number[] = [];
  const problems: string[] = [];
  for (const { drive, events } of results) {
    const { truth } = drive;
    const t0 = drive.updates[0]?.ts ?? 0;
    const rel = (ts: number): string => `${(ts - t0).toFixed(1)}s`;
    const arrived = events.filter((e) => e.name === 'home.arrived');
    const lefts = events.filter((e) => e.name === 'home.left');
    const approaches = events.filter((e) => e.name === 'home.approaching');
    const matched = new Set<CarEvent>();
    for (const a of truth.arrivals) {
      arrivedExpected++;
      const hit = arrived.find((e) => !matched.has(e) && e.ts - a.stopTs >= ARRIVED_WINDOW_S[0] && e.ts - a.stopTs <= ARRIVED_WINDOW_S[1]);
      if (hit === undefined) problems.push(`${drive.name}: no home.arrived for the stop at ${rel(a.stopTs)}`);
      else {
        matched.add(hit);
        arrivedMatched++;
        delays.push(hit.ts - a.stopTs);
        if (hit.ts - a.stopTs > 3) problems.push(`${drive.name}: home.arrived ${(hit.ts - a.stopTs).toFixed(1)} s after the stop`);
      }
      if (a.expectApproach) {
        approachExpected++;
        const first = approaches.find((e) => e.ts >= a.driveStartTs && e.ts < a.stopTs);
        if (first === undefined) problems.push(`${drive.name}: no home.approaching before the stop at ${rel(a.stopTs)}`);
        else {
          approachMatched++;
          leads.push(a.stopTs - first.ts);
        }
      }
    }
    for (const e of arrived) {
      if (!matched.has(e)) {
        arrivedFalse++;
        problems.push(`${drive.name}: false home.arrived at ${rel(e.ts)} ${JSON.stringify(e.evidence)}`);
      }
    }
    for (const t of truth.lefts) {
      leftExpected++;
      const hit = lefts.find((e) => !matched.has(e) && e.ts - t >= LEFT_WINDOW_S[0] && e.ts - t <= LEFT_WINDOW_S[1]);
      if (hit === undefined) problems.push(`${drive.name}: no home.left for the crossing at ${rel(t)}`);
      else {
        matched.add(hit);
        leftMatched++;
      }
    }
    for (const e of lefts) {
      if (!matched.has(e)) {
        falseLeaves++;
        problems.push(`${drive.name}: false home.left at ${rel(e.ts)} ${JSON.stringify(e.evidence)}`);
      }
    }
    const home = [...arrived, ...lefts].sort((a, b) => a.ts - b.ts);
    for (let i = 1; i < home.length; i++) {
      const [x, y] = [home[i - 1], home[i]];
      if (x.name !== y.name && y.ts - x.ts < FLAP_WINDOW_S && (!matched.has(x) || !matched.has(y))) flaps++;
    }
    if (!truth.approachAllowed) {
      passBys++;
      if (approaches.length > 0) {
        falseOnPassBy++;
        problems.push(`${drive.name}: home.approaching on a drive ${truth.closestM.toFixed(0)} m from home at closest`);
      }
    }
  }
  const ratio = (n: number, d: number): number => (d === 0 ? 1 : n / d);
  return {
    drives: results.length,
    arrived: {
      expected: arrivedExpected, matched: arrivedMatched, falsePositives: arrivedFalse,
      precision: ratio(arrivedMatched, arrivedMatched + arrivedFalse), recall: ratio(arrivedMatched, arrivedExpected),
      medianDelayS: median(delays), maxDelayS: delays.length ? Math.max(...delays) : Number.NaN,
    },
    approaching: { expected: approachExpected, matched: approachMatched, recall: ratio(approachMatched, approachExpected), medianLeadS: median(leads), minLeadS: leads.length ? Math.min(...leads) : Number.NaN, falseOnPassBy, passBys },
    left: { expected: leftExpected, matched: leftMatched, recall: ratio(leftMatched, leftExpected), falseLeaves },
    flaps,
    problems,
  };
}

export function formatScore(score: DriveScore): string {
  const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
  const s = (x: number): string => (Number.isNaN(x) ? '-' : `${x.toFixed(1)} s`);
  const { arrived, approaching, left } = score;
  return [
    `drives: ${score.drives}`,
    `home.arrived: precision ${pct(arrived.precision)}, recall ${pct(arrived.recall)} (${arrived.matched}/${arrived.expected}, ${arrived.falsePositives} false), delay after the stop median ${s(arrived.medianDelayS)}, max ${s(arrived.maxDelayS)}`,
    `home.approaching: recall ${pct(approaching.recall)} (${approaching.matched}/${approaching.expected}), lead median ${s(approaching.medianLeadS)}, min ${s(approaching.minLeadS)}; on drives passing 1-2 km off: ${approaching.falseOnPassBy}/${approaching.passBys}`,
    `home.left: recall ${pct(left.recall)} (${left.matched}/${left.expected}), false leaves ${left.falseLeaves}`,
    `flaps: ${score.flaps}`,
  ].join('\n');
}
