/**
 * The true motion of a drive plan on a 0.1 s grid: a driver who accelerates at 1.5 m/s², brakes at
 * 2 m/s² for corners and stops and creeps the last half metre. Records where the car stood still,
 * for the ground truth.
 */
import { distanceOf, headingOf, type DrivePlan, type DriveStep, type GearName, type Point, type PowerMode } from './drive-plan.js';

export const STEP_S = 0.1;
const ACCEL_MS2 = 1.5;
const BRAKE_MS2 = 2;
const CREEP_MS = 0.7;

export interface TrackSample {
  t: number;
  east: number;
  north: number;
  speedMs: number;
  /** The car's nose (not the direction of motion: backwards in R). */
  headingDeg: number;
  gear: GearName;
  power: PowerMode;
  doorOpen: boolean;
}

export interface GpsTrouble {
  dropouts: Array<{ fromT: number; toT: number }>;
  bursts: Array<{ fromT: number; fixes: number; offsetM: number }>;
}

export interface Track {
  samples: TrackSample[];
  /** Times the car came to a standstill (end of a stopping route). */
  stops: number[];
  trouble: GpsTrouble;
}

export function simulateDrive(plan: DrivePlan): Track {
  const samples: TrackSample[] = [];
  const stops: number[] = [];
  const trouble: GpsTrouble = { dropouts: [], bursts: [] };
  const car = { t: 0, east: plan.start.east, north: plan.start.north, speedMs: 0, headingDeg: plan.startHeadingDeg, gear: plan.startGear, power: plan.startPower, doorOpen: false };
  const record = (): void => {
    samples.push({ ...car });
  };
  const tick = (): void => {
    car.t = Math.round((car.t + STEP_S) * 1000) / 1000;
    record();
  };
  record();

  const drive = (step: Extract<DriveStep, { kind: 'route' }>): void => {
    const points: Point[] = [{ east: car.east, north: car.north }, ...step.points];
    const cruise = step.cruiseKmh / 3.6;
    const corner = (step.cornerKmh ?? 20) / 3.6;
    const endSpeed = step.rollOnKmh === undefined ? 0 : step.rollOnKmh / 3.6;
    // Speed limit at each vertex: corners by their angle, the end by the step.
    const limits = points.map((_, i) => {
      if (i === points.length - 1) return endSpeed;
      if (i === 0) return Infinity;
      const turn = Math.abs(((headingOf(points[i], points[i + 1]) - headingOf(points[i - 1], points[i]) + 540) % 360) - 180);
      return turn < 15 ? cruise : Math.max(corner, cruise * (1 - turn / 120));
    });
    let segment = 1;
    let along = 0; // metres into the current segment
    for (;;) {
      const a = points[segment - 1];
      const b = points[segment];
      const length = distanceOf(a, b);
      let allowed = cruise;
      let ahead = length - along;
      for (let j = segment; j < points.length; j++) {
        if (j > segment) ahead += distanceOf(points[j - 1], points[j]);
        allowed = Math.min(allowed, Math.sqrt(limits[j] * limits[j] + 2 * BRAKE_MS2 * ahead));
      }
      const remainingM = ahead;
      if (remainingM <= 0.5 && endSpeed === 0) {
        // Creep the last bit and stand.
        car.east = points[points.length - 1].east;
        car.north = points[points.length - 1].north;
        car.speedMs = 0;
        tick();
        stops.push(car.t);
        return;
      }
      let v = Math.min(car.speedMs + ACCEL_MS2 * STEP_S, allowed);
      if (endSpeed === 0) v = Math.max(v, Math.min(CREEP_MS, cruise));
      let move = ((car.speedMs + v) / 2) * STEP_S;
      car.speedMs = v;
      // Walk the polyline.
      while (move > 0 && segment < points.length) {
        const seg = distanceOf(points[segment - 1], points[segment]);
        if (along + move < seg) {
          along += move;
          move = 0;
        } else {
          move -= seg - along;
          along = 0;
          segment++;
        }
      }
      if (segment >= points.length) {
        const last = points[points.length - 1];
        car.east = last.east;
        car.north = last.north;
        if (endSpeed === 0) {
          car.speedMs = 0;
          tick();
          stops.push(car.t);
        } else tick();
        return;
      }
      const p = points[segment - 1];
      const q = points[segment];
      const f = along / distanceOf(p, q);
      car.east = p.east + (q.east - p.east) * f;
      car.north = p.north + (q.north - p.north) * f;
      const course = headingOf(p, q);
      car.headingDeg = step.reverse ? (course + 180) % 360 : course;
      tick();
    }
  };

  for (const step of plan.steps) {
    switch (step.kind) {
      case 'route':
        drive(step);
        break;
      case 'hold':
        for (let i = 0; i < Math.round(step.seconds / STEP_S); i++) tick();
        break;
      case 'gear':
        car.gear = step.gear;
        break;
      case 'power':
        car.power = step.mode;
        break;
      case 'door':
        car.doorOpen = step.open;
        break;
      case 'gps_dropout':
        trouble.dropouts.push({ fromT: car.t, toT: car.t + step.seconds });
        break;
      case 'multipath':
        trouble.bursts.push({ fromT: car.t + step.afterS, fixes: step.fixes, offsetM: step.offsetM });
        break;
    }
  }
  return { samples, stops, trouble };
}
