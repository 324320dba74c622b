/**
 * The drive kinds of the arrival-quality set, each a plan in a "home frame" (the home street runs
 * west–east 20 m south of the house, the house is the zone's centre), rotated by the caller.
 */
import type { DrivePlan, DriveStep, Point } from './drive-plan.js';

export const DRIVE_KINDS = [
  'arrive_driveway', 'arrive_street', 'drive_by', 'red_light', 'neighbour', 'u_turn', 'tunnel_home',
  'underground_home', 'multipath_park', 'leave_home', 'long_parked_home', 'garage_wait', 'pass_nearby',
  'errand_loop', 'quick_leave',
] as const;
export type DriveKind = (typeof DRIVE_KINDS)[number];

export interface ScenarioContext {
  random: () => number;
  radiusM: number;
}

const STREET_N = -20;
const STREET_HALF_M = 400;

const between = (random: () => number, lo: number, hi: number): number => lo + (hi - lo) * random();
const p = (east: number, north: number): Point => ({ east, north });

/** A winding route from `from` to `to` (3–6 waypoints, sideways jitter tapering towards `to`). */
function wander(random: () => number, from: Point, to: Point): Point[] {
  const length = Math.hypot(to.east - from.east, to.north - from.north);
  const n = 3 + Math.floor(random() * 4);
  const ux = (to.east - from.east) / length;
  const uy = (to.north - from.north) / length;
  const points: Point[] = [];
  for (let i = 1; i < n; i++) {
    const f = i / n;
    const side = (random() - 0.5) * 0.25 * length * (1 - f);
    points.push(p(from.east + ux * length * f - uy * side, from.north + uy * length * f + ux * side));
  }
  points.push(to);
  return points;
}

/** Drives `points`, stopping at up to two red lights on the way (15–60 s in D). */
function withLights(random: () => number, points: Point[], cruiseKmh: number, rollOnKmh?: number): DriveStep[] {
  const steps: DriveStep[] = [];
  const lights = new Set<number>();
  for (let i = 0; i < points.length - 1; i++) if (random() < 0.3 && lights.size < 2) lights.add(i);
  let from = 0;
  for (const i of [...lights].sort((a, b) => a - b)) {
    steps.push({ kind: 'route', points: points.slice(from, i + 1), cruiseKmh }, { kind: 'hold', seconds: between(random, 15, 60) });
    from = i + 1;
  }
  steps.push({ kind: 'route', points: points.slice(from), cruiseKmh, rollOnKmh });
  return steps;
}

function farPoint(random: () => number, towardsEast: number): Point {
  const distance = between(random, 3000, 6000);
  const angle = (towardsEast > 0 ? 0 : Math.PI) + (random() - 0.5) * Math.PI * 0.9;
  return p(Math.cos(angle) * distance, Math.sin(angle) * distance);
}

const wakeUp = (): DriveStep[] => [
  { kind: 'hold', seconds: 3 }, { kind: 'power', mode: 'ACC' }, { kind: 'hold', seconds: 1 },
  { kind: 'power', mode: 'ON' }, { kind: 'hold', seconds: 2 }, { kind: 'gear', gear: 'D' }, { kind: 'hold', seconds: 1 },
];

/**
 * P 0.3–2 s after the standstill, ignition off, the driver gets out; then it stands `parkedS`.
 * One car in seven never reports P: the ignition goes straight off (the push button) instead.
 */
function parkUp(random: () => number, parkedS: number): DriveStep[] {
  if (random() < 1 / 7) {
    return [{ kind: 'hold', seconds: between(random, 0.5, 2) }, { kind: 'power', mode: 'OFF' }, { kind: 'hold', seconds: between(random, 2, 5) },
      { kind: 'door', open: true }, { kind: 'hold', seconds: 3 }, { kind: 'door', open: false }, { kind: 'hold', seconds: parkedS }];
  }
  return [
    { kind: 'hold', seconds: between(random, 0.3, 2) }, { kind: 'gear', gear: 'P' },
    { kind: 'hold', seconds: between(random, 1, 4) }, { kind: 'power', mode: 'ACC' },
    { kind: 'hold', seconds: 1 }, { kind: 'power', mode: 'OFF' }, { kind: 'hold', seconds: between(random, 2, 5) },
    { kind: 'door', open: true }, { kind: 'hold', seconds: 3 }, { kind: 'door', open: false }, { kind: 'hold', seconds: parkedS },
  ];
}

function awayStart(far: Point): Pick<DrivePlan, 'start' | 'startHeadingDeg' | 'startPower' | 'startGear'> {
  return { start: far, startHeadingDeg: 0, startPower: 'OFF', startGear: 'P' };
}

/** From far away onto the home street at its `side` end (+1 east, −1 west), up to `to` on the street. */
function approachSteps(random: () => number, far: Point, side: number, to: Point, rollOnKmh?: number): DriveStep[] {
  const entry = p(side * STREET_HALF_M, STREET_N);
  return [...withLights(random, [...wander(random, far, p(side * (STREET_HALF_M + 300), STREET_N - 150)), entry], 50, 25),
    { kind: 'route', points: [to], cruiseKmh: 30, rollOnKmh }];
}

/** From a standstill on the home street at `from`, out at the `side` end and far away, parked there. */
function awaySteps(random: () => number, side: number): DriveStep[] {
  const far = farPoint(random, side);
  return [{ kind: 'route', points: [p(side * STREET_HALF_M, STREET_N)], cruiseKmh: 30, rollOnKmh: 25 },
    ...withLights(random, [p(side * (STREET_HALF_M + 300), STREET_N - 150), ...wander(random, p(side * (STREET_HALF_M + 300), STREET_N - 150), far)], 50),
    ...parkUp(random, 30)];
}

export function buildScenario(kind: DriveKind, { random, radiusM }: ScenarioContext): DrivePlan {
  const side = random() < 0.5 ? 1 : -1;
  const far = farPoint(random, side);
  const parkedS = between(random, 60, 240);
  const driveway = p(between(random, -4, 4), STREET_N + between(random, 6, 14));
  switch (kind) {
    case 'arrive_driveway':
    case 'multipath_park': {
      const steps = [...wakeUp(), ...approachSteps(random, far, side, p(side * 8, STREET_N), 12),
        { kind: 'route', points: [p(0, STREET_N + 2), driveway], cruiseKmh: 10 } as DriveStep];
      // A burst that starts 0–3 s before the standstill and lasts 3–6 fixes.
      if (kind === 'multipath_park') steps.push({ kind: 'multipath', afterS: -between(random, 0, 3), fixes: 3 + Math.floor(random() * 4), offsetM: between(random, 30, 200) });
      return { ...awayStart(far), steps: [...steps, ...parkUp(random, parkedS)] };
    }
    case 'arrive_street': {
      // Parallel parking: past the gap, reverse in, a little forward.
      const spotE = side * between(random, 8, Math.max(10, Math.sqrt(Math.max(0, (radiusM - 18) ** 2 - 22 ** 2))));
      const dir = -side; // arriving from the `side` end, the car drives towards −side
      return { ...awayStart(far), steps: [...wakeUp(), ...approachSteps(random, far, side, p(spotE + dir * 7, STREET_N - 1)),
        { kind: 'hold', seconds: 1 }, { kind: 'gear', gear: 'R' }, { kind: 'hold', seconds: 1 },
        { kind: 'route', points: [p(spotE + dir * 3.5, STREET_N - 1.8), p(spotE - dir * 0.8, STREET_N - 2.5)], cruiseKmh: 5, reverse: true },
        { kind: 'hold', seconds: 1 }, { kind: 'gear', gear: 'D' }, { kind: 'hold', seconds: 1 },
        { kind: 'route', points: [p(spotE + dir * 0.4, STREET_N - 2.5)], cruiseKmh: 3 }, ...parkUp(random, parkedS)] };
    }
    case 'drive_by':
      return { ...awayStart(far), steps: [...wakeUp(), ...approachSteps(random, far, side, p(-side * 50, STREET_N), 35), ...awaySteps(random, -side)] };
    case 'red_light': {
      // The light is at a crossing 80 m along the home street; some drivers shift to N there.
      const light = p(side * 80, STREET_N);
      return { ...awayStart(far), steps: [...wakeUp(), ...approachSteps(random, far, side, light),
        ...(random() < 0.3 ? [{ kind: 'gear', gear: 'N' } as DriveStep] : []),
        { kind: 'multipath', afterS: between(random, 3, 20), fixes: 2 + Math.floor(random() * 4), offsetM: between(random, 30, 120) },
        { kind: 'hold', seconds: between(random, 30, 90) }, { kind: 'gear', gear: 'D' }, ...awaySteps(random, -side)] };
    }
    case 'neighbour': {
      const spot = p(side * 150, STREET_N - 2.5);
      const steps: DriveStep[] = [...wakeUp(), ...approachSteps(random, far, side, spot)];
      for (let i = 0; i < 4; i++) steps.push({ kind: 'multipath', afterS: between(random, 30, 900), fixes: 2 + Math.floor(random() * 5), offsetM: between(random, 50, 200) });
      return { ...awayStart(far), steps: [...steps, ...parkUp(random, between(random, 600, 1200))] };
    }
    case 'u_turn': {
      // Three-point turn in the street in front of the house, then away the way it came.
      const u = between(random, -25, 25);
      const dir = -side;
      return { ...awayStart(far), steps: [...wakeUp(), ...approachSteps(random, far, side, p(u, STREET_N - 3)),
        { kind: 'hold', seconds: 1 }, { kind: 'route', points: [p(u + dir * 5, STREET_N + 3)], cruiseKmh: 6 },
        { kind: 'hold', seconds: 1 }, { kind: 'gear', gear: 'R' }, { kind: 'hold', seconds: 1 },
        { kind: 'route', points: [p(u + dir * 3, STREET_N - 3.5)], cruiseKmh: 5, reverse: true },
        { kind: 'hold', seconds: 1 }, { kind: 'gear', gear: 'D' }, { kind: 'hold', seconds: 1 },
        { kind: 'route', points: [p(u - dir * 10, STREET_N - 1)], cruiseKmh: 15, rollOnKmh: 15 }, ...awaySteps(random, side)] };
    }
    case 'tunnel_home':
    case 'underground_home': {
      const approach = approachSteps(random, far, side, p(side * 8, STREET_N), 12);
      // tunnel: 40–60 s without fixes on the last stretch before the home street; underground: from
      // the home street's end on, through the parking (the garage is under the house).
      const at = kind === 'tunnel_home' ? approach.length - 2 : approach.length - 1;
      approach.splice(at, 0, { kind: 'gps_dropout', seconds: kind === 'tunnel_home' ? between(random, 40, 60) : 600 });
      return { ...awayStart(far), steps: [...wakeUp(), ...approach, { kind: 'route', points: [p(0, STREET_N + 2), driveway], cruiseKmh: 10 }, ...parkUp(random, parkedS)] };
    }
    case 'garage_wait': {
      // Waits in D in front of the house for the garage door, then drives in: one arrival.
      const garage = p(between(random, -2, 2), STREET_N + between(random, 12, 16));
      return { ...awayStart(far), steps: [...wakeUp(), ...approachSteps(random, far, side, p(side * 2, STREET_N + 1)),
        { kind: 'hold', seconds: between(random, 15, 60) }, { kind: 'route', points: [garage], cruiseKmh: 6 },
        { kind: 'gps_dropout', seconds: 600 }, ...parkUp(random, parkedS)] };
    }
    case 'leave_home':
    case 'long_parked_home': {
      const waitS = kind === 'leave_home' ? between(random, 30, 300) : between(random, 2700, 5400);
      const steps: DriveStep[] = [];
      if (kind === 'long_parked_home') {
        for (let i = 0; i < 8; i++) steps.push({ kind: 'multipath', afterS: between(random, 10, waitS), fixes: 2 + Math.floor(random() * 5), offsetM: between(random, 30, 200) });
      }
      return { start: driveway, startHeadingDeg: 0, startPower: 'OFF', startGear: 'P', steps: [...steps,
        { kind: 'hold', seconds: waitS }, { kind: 'door', open: true }, { kind: 'hold', seconds: 3 }, { kind: 'door', open: false },
        ...wakeUp().slice(1, -2), { kind: 'gear', gear: 'R' }, { kind: 'hold', seconds: 1 },
        { kind: 'route', points: [p(driveway.east, STREET_N + 2), p(side * 6, STREET_N)], cruiseKmh: 6, reverse: true },
        { kind: 'hold', seconds: 1 }, { kind: 'gear', gear: 'D' }, { kind: 'hold', seconds: 1 }, ...awaySteps(random, -side)] };
    }
    case 'quick_leave': {
      // The head unit wakes with the ignition: parked at home in P, ON, and out of the driveway
      // 1.5–5 s later, so only a few fixes come before the wheels turn (fewer than settle a filter).
      return { start: driveway, startHeadingDeg: 0, startPower: 'ON', startGear: 'P', steps: [
        { kind: 'hold', seconds: between(random, 1, 4) }, { kind: 'gear', gear: 'R' }, { kind: 'hold', seconds: between(random, 0.5, 1) },
        { kind: 'route', points: [p(driveway.east, STREET_N + 2), p(side * 6, STREET_N)], cruiseKmh: 6, reverse: true },
        { kind: 'hold', seconds: 1 }, { kind: 'gear', gear: 'D' }, { kind: 'hold', seconds: 1 }, ...awaySteps(random, -side)] };
    }
    case 'errand_loop': {
      // Out of the driveway, a loop 0.6–1.2 km out (never beyond the approach radius), back home.
      const reach = between(random, 600, 1200);
      const out = p(side * (STREET_HALF_M + 200), STREET_N - reach);
      const back = p(-side * (STREET_HALF_M + 200), STREET_N - reach * 0.8);
      return { start: driveway, startHeadingDeg: 0, startPower: 'OFF', startGear: 'P', steps: [
        { kind: 'hold', seconds: between(random, 20, 120) }, ...wakeUp().slice(1, -2), { kind: 'gear', gear: 'R' }, { kind: 'hold', seconds: 1 },
        { kind: 'route', points: [p(driveway.east, STREET_N + 2), p(side * 6, STREET_N)], cruiseKmh: 6, reverse: true },
        { kind: 'hold', seconds: 1 }, { kind: 'gear', gear: 'D' }, { kind: 'hold', seconds: 1 },
        ...withLights(random, [p(side * STREET_HALF_M, STREET_N), out, back, p(-side * STREET_HALF_M, STREET_N)], 45, 25),
        { kind: 'route', points: [p(-side * 8, STREET_N)], cruiseKmh: 30, rollOnKmh: 12 },
        { kind: 'route', points: [p(0, STREET_N + 2), driveway], cruiseKmh: 10 }, ...parkUp(random, parkedS)] };
    }
    case 'pass_nearby': {
      // A straight road passing 1.0–1.8 km from home.
      const b = between(random, 1000, 1800);
      const from = p(-side * 5000, b);
      const to = p(side * 5000, b + between(random, -300, 300));
      return { ...awayStart(from), steps: [...wakeUp(), ...withLights(random, [p(-side * 2500, b), p(0, b), p(side * 2500, b), to], 60), ...parkUp(random, 30)] };
    }
  }
}
