/**
 * The physics of the demo drive: a speed profile by time, a route that leaves home and comes back,
 * and the battery, integrated on a 10 ms grid. Pure and deterministic: test/tools/make-demo-drive.ts
 * turns it into the committed drive-home.log, simulate-vehicle.ts into live frames. The route is in
 * metres east/north of home, so any home can be driven to.
 */

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

/** The demo's home, where the drive starts and ends (a street in a suburb; WGS 84). */
export const DEMO_HOME: Readonly<GeoPoint> = { latitude: 48.1049, longitude: 11.4601 };

/** Seconds from the first frame. */
export const TIMELINE = {
  accOn: 0,
  ignitionOn: 1.5,
  speedValid: 2,
  ready: 3,
  gearDrive: 6,
  arrived: 328,
  gearPark: 331,
  notReady: 335.5,
  accOff: 336,
  ignitionOff: 338,
  driverDoorOpen: 340,
  driverDoorClosed: 344.2,
  cableConnected: 349,
  locked: 352,
  chargingStarts: 354,
  end: 362,
} as const;

export const GRID_S = 0.01;

/** (time s, speed km/h): eased from one to the next. Stops: a red light at 104–122 s, a stop sign at 280–284 s. */
const SPEED_KEYFRAMES: ReadonlyArray<readonly [number, number]> = [
  [0, 0], [8, 0], [14, 18], [24, 28], [34, 30], [40, 14], [44, 14], [54, 42], [66, 50], [80, 47], [92, 52],
  [104, 0], [122, 0], [134, 40], [146, 62], [160, 70], [178, 76], [196, 68], [212, 72], [224, 24], [230, 22],
  [240, 45], [256, 52], [270, 48], [280, 0], [284, 0], [292, 28], [300, 30], [306, 12], [312, 12], [320, 18],
  [TIMELINE.arrived, 0],
];

/**
 * (from s, to s, heading deg): the heading turns linearly to `heading` within each window, so corners
 * are driven at the slow parts of the profile. East out of the home street, north-east, north-north-west
 * after the red light, a long bend onto the south-west ring road, then south-south-east and east back
 * home from the other side; the few metres left over are spread along the route.
 */
const TURNS: ReadonlyArray<readonly [number, number, number]> = [
  [0, 0, 90],
  [38, 46, 48],
  [106, 126, 340],
  [150, 200, 222],
  [222, 232, 150],
  [279, 286, 114],
  [304, 314, 102],
];

export interface DriveSample {
  speedKmh: number;
  accelMs2: number;
  distanceM: number;
  eastM: number;
  northM: number;
  altitudeM: number;
  socPercent: number;
  packVoltageV: number;
  packCurrentA: number;
  chargePowerKw: number;
  packTemperatureC: number;
}

function smoothstep(x: number): number {
  return x * x * (3 - 2 * x);
}

function speedAt(t: number): number {
  for (let k = 1; k < SPEED_KEYFRAMES.length; k++) {
    const [t1, v1] = SPEED_KEYFRAMES[k];
    if (t <= t1) {
      const [t0, v0] = SPEED_KEYFRAMES[k - 1];
      return v0 + (v1 - v0) * smoothstep((t - t0) / (t1 - t0));
    }
  }
  return 0;
}

function headingAt(t: number): number {
  let heading = TURNS[0][2];
  for (let k = 1; k < TURNS.length; k++) {
    const [from, to, target] = TURNS[k];
    if (t >= to) heading = target;
    else if (t > from) {
      const turn = ((target - heading + 540) % 360) - 180; // the short way round
      return heading + turn * ((t - from) / (to - from));
    }
  }
  return heading;
}

const PACK_KWH = 75;
const MASS_KG = 2050;

/** Traction power in kW (negative: regeneration), plus what the car draws while on. */
function drivePowerKw(speedMs: number, accelMs2: number, isOn: boolean): number {
  const tractionW = MASS_KG * accelMs2 * speedMs + 0.5 * 1.2 * 0.58 * speedMs ** 3 + 0.011 * MASS_KG * 9.81 * speedMs;
  const batteryW = tractionW >= 0 ? tractionW / 0.9 : tractionW * 0.6;
  return batteryW / 1000 + (isOn ? 0.45 : 0.12);
}

export function chargePowerAt(t: number): number {
  if (t < TIMELINE.chargingStarts) return 0;
  return 11 * Math.min(1, (t - TIMELINE.chargingStarts) / 4);
}

/** The whole drive on the 10 ms grid; index i is time i × 10 ms. */
export function simulateDrive(): DriveSample[] {
  const steps = Math.round(TIMELINE.end / GRID_S) + 1;
  const samples: DriveSample[] = [];
  let distanceM = 0;
  let east = 0;
  let north = 0;
  let soc = 63.8;
  let temperature = 24.2;
  for (let i = 0; i < steps; i++) {
    const t = i * GRID_S;
    const speedKmh = Math.max(0, speedAt(t));
    const speedMs = speedKmh / 3.6;
    const accelMs2 = (speedAt(t + GRID_S) - speedAt(t - GRID_S)) / 3.6 / (2 * GRID_S);
    const isOn = t >= TIMELINE.ignitionOn && t < TIMELINE.ignitionOff;
    const chargeKw = chargePowerAt(t);
    const powerKw = drivePowerKw(speedMs, accelMs2, isOn) - chargeKw;
    const restV = 340 + 0.9 * soc;
    const currentA = (-powerKw * 1000) / restV; // positive while charging
    const voltage = restV + 0.035 * currentA;
    soc -= (powerKw * GRID_S) / 3600 / PACK_KWH * 100;
    temperature += Math.abs(currentA) * 2e-6;
    samples.push({
      speedKmh,
      accelMs2,
      distanceM,
      eastM: east,
      northM: north,
      altitudeM: 0,
      socPercent: soc,
      packVoltageV: voltage,
      packCurrentA: currentA,
      chargePowerKw: chargeKw,
      packTemperatureC: temperature,
    });
    const heading = (headingAt(t) * Math.PI) / 180;
    distanceM += speedMs * GRID_S;
    east += speedMs * GRID_S * Math.sin(heading);
    north += speedMs * GRID_S * Math.cos(heading);
  }
  // Close the loop: spread what is left between the last point and home along the distance driven.
  const total = distanceM;
  const last = samples[samples.length - 1];
  const [gapEast, gapNorth] = [last.eastM, last.northM];
  for (const sample of samples) {
    const share = total > 0 ? sample.distanceM / total : 0;
    sample.eastM -= gapEast * share;
    sample.northM -= gapNorth * share;
    sample.altitudeM = 521 + 7 * Math.sin(sample.distanceM / 700) - 4 * Math.sin(sample.distanceM / 260);
  }
  return samples;
}

/** Metres east/north of home → WGS 84 (an equirectangular step is exact enough over 2 km). */
export function toLatLon(eastM: number, northM: number, home: Readonly<GeoPoint> = DEMO_HOME): GeoPoint {
  const metresPerDegree = 111_320;
  return {
    latitude: home.latitude + northM / metresPerDegree,
    longitude: home.longitude + eastM / (metresPerDegree * Math.cos((home.latitude * Math.PI) / 180)),
  };
}
