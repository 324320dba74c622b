/**
 * WGS-84 degrees ↔ metres east/north of a fixed point (equirectangular). Within the tens of
 * kilometres a drive home spans the error is far below GPS noise, and it costs two multiplications.
 */
const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

export interface LocalFrame {
  readonly originLatitude: number;
  readonly originLongitude: number;
  eastOf(longitude: number): number;
  northOf(latitude: number): number;
  latitudeOf(northM: number): number;
  longitudeOf(eastM: number): number;
}

export function createLocalFrame(originLatitude: number, originLongitude: number): LocalFrame {
  const mPerDegNorth = EARTH_RADIUS_M * RAD;
  const mPerDegEast = mPerDegNorth * Math.cos(originLatitude * RAD);
  return {
    originLatitude,
    originLongitude,
    eastOf: (longitude) => (longitude - originLongitude) * mPerDegEast,
    northOf: (latitude) => (latitude - originLatitude) * mPerDegNorth,
    latitudeOf: (northM) => originLatitude + northM / mPerDegNorth,
    longitudeOf: (eastM) => originLongitude + eastM / mPerDegEast,
  };
}
