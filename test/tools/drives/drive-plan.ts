/**
 * A drive as a script of steps in metres east/north of home: routes driven by a simple driver
 * model (accelerate, cruise, brake for corners and stops), standing still, gear, ignition and door
 * changes, and GPS trouble (tunnels, multipath bursts). simulate-drive.ts turns it into a track.
 */

export interface Point {
  east: number;
  north: number;
}

export type GearName = 'P' | 'R' | 'N' | 'D';
export type PowerMode = 'OFF' | 'ACC' | 'ON' | 'START';

export type DriveStep =
  /** Drive through `points` from where the car is; stops at the last one unless `rollOnKmh` is set. */
  | { kind: 'route'; points: Point[]; cruiseKmh: number; cornerKmh?: number; rollOnKmh?: number; reverse?: boolean }
  | { kind: 'hold'; seconds: number }
  | { kind: 'gear'; gear: GearName }
  | { kind: 'power'; mode: PowerMode }
  | { kind: 'door'; open: boolean }
  /** No fixes for `seconds` from now (a tunnel, an underground garage); heading keeps coming (IMU). */
  | { kind: 'gps_dropout'; seconds: number }
  /** A multipath burst: `fixes` fixes off by `offsetM` in one direction, starting `afterS` from now. */
  | { kind: 'multipath'; afterS: number; fixes: number; offsetM: number };

export interface DrivePlan {
  start: Point;
  startHeadingDeg: number;
  /** Power mode and gear at the first sample. */
  startPower: PowerMode;
  startGear: GearName;
  steps: DriveStep[];
}

export function distanceOf(a: Point, b: Point): number {
  return Math.hypot(b.east - a.east, b.north - a.north);
}

/** Compass heading (0 north, 90 east) from a to b. */
export function headingOf(a: Point, b: Point): number {
  return ((Math.atan2(b.east - a.east, b.north - a.north) * 180) / Math.PI + 360) % 360;
}
