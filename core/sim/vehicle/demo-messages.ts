/**
 * The demo EV's messages: for each, its name in homeward-ev.dbc, its phase within the cycle, and its
 * signals at drive time t. Times 0…TIMELINE.end are the drive of drive-model.ts (and of the
 * committed drive-home.log); the live loop adds a prelude before 0 (PRELUDE: charging stops, cable
 * out, unlock, driver gets in) and a parked wait after the end, both read from the same functions.
 */
import type { SignalValue } from '../../dbc/codec.js';
import { TIMELINE, toLatLon, type DriveSample, type GeoPoint } from './drive-model.js';

/** Drive time (s, negative: before the drive) of the prelude's steps; the prelude starts at `start`. */
export const PRELUDE = {
  start: -8,
  cableRemoved: -6,
  unlocked: -5,
  driverDoorOpen: -3,
  driverDoorClosed: -1.5,
} as const;

export interface MessageContext {
  t: number;
  s: DriveSample;
  /** The sample one second earlier, for course over ground. */
  before: DriveSample;
  count: number;
  rand: () => number;
  home: Readonly<GeoPoint>;
  /** Per run: the last course over ground, held while standing still. */
  course: { headingDeg: number };
}

type SignalsAt = (c: MessageContext) => Record<string, SignalValue>;

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const between = (t: number, from: number, to: number): boolean => t >= from && t < to;

function pedalPercent(s: DriveSample): number {
  if (s.speedKmh < 0.5 && s.accelMs2 <= 0.05) return 0;
  if (s.accelMs2 < -0.05) return 0;
  const pedal = s.accelMs2 > 0.05 ? 10 + 25 * s.accelMs2 + 0.25 * s.speedKmh : 6 + 0.22 * s.speedKmh;
  return clamp(Math.round(pedal / 0.4) * 0.4, 0, 100);
}

/** Course over ground from the last second's movement; held while standing still. */
function courseDeg(c: MessageContext): number {
  const de = c.s.eastM - c.before.eastM;
  const dn = c.s.northM - c.before.northM;
  if (Math.hypot(de, dn) > 0.3) c.course.headingDeg = ((Math.atan2(de, dn) * 180) / Math.PI + 360) % 360;
  return Math.round(c.course.headingDeg * 100) / 100 % 360;
}

function chargingState(t: number): number {
  if (t < PRELUDE.cableRemoved) return 1; // the prelude: charging stopped, cable still in
  if (t < TIMELINE.cableConnected) return 0; // NOT_CONNECTED
  return t < TIMELINE.chargingStarts ? 1 : 2; // CONNECTED, CHARGING
}

function powerMode(t: number): number {
  if (t < 0) return 0; // OFF until the drive's ACC
  return t < TIMELINE.ignitionOn ? 1 : t < TIMELINE.accOff ? 2 : t < TIMELINE.ignitionOff ? 1 : 0;
}

const driverDoorOpen = (t: number): boolean =>
  between(t, TIMELINE.driverDoorOpen, TIMELINE.driverDoorClosed) || between(t, PRELUDE.driverDoorOpen, PRELUDE.driverDoorClosed);

/** Message name, phase within its cycle (ms; the cycle is the DBC's GenMsgCycleTime), signals at t. */
export const DEMO_MESSAGES: ReadonlyArray<{ name: string; phaseMs: number; signals: SignalsAt }> = [
  {
    name: 'VCU_VehicleSpeed',
    phaseMs: 3,
    signals: ({ t, s, count }) => ({
      VCU_VehicleSpeed: t < TIMELINE.speedValid ? 0 : s.speedKmh,
      VCU_Odometer: Math.round((12873.4 + s.distanceM / 1000) * 10) / 10,
      VCU_SpeedValid: t < TIMELINE.speedValid ? 0 : 1,
      VCU_SpeedCounter: count % 16,
    }),
  },
  {
    name: 'VCU_DriveStatus',
    phaseMs: 11,
    signals: ({ t, s }) => ({
      VCU_SelectedGear: between(t, TIMELINE.gearDrive, TIMELINE.gearPark) ? 3 : 0,
      VCU_ReadyToDrive: between(t, TIMELINE.ready, TIMELINE.notReady) ? 1 : 0,
      VCU_AcceleratorPedal: pedalPercent(s),
      VCU_Range: Math.round(s.socPercent * 4.1),
    }),
  },
  {
    name: 'BCM_BodyStatus',
    phaseMs: 37,
    signals: ({ t }) => ({
      BCM_PowerMode: powerMode(t),
      BCM_DoorFrontLeft: driverDoorOpen(t) ? 1 : 0,
      BCM_DoorFrontRight: 0,
      BCM_DoorRearLeft: 0,
      BCM_DoorRearRight: 0,
      BCM_Trunk: 0,
      BCM_CentralLock: t >= TIMELINE.locked || t < PRELUDE.unlocked ? 1 : 0,
      BCM_OutsideTemperature: t < 200 ? 18.5 : 18,
    }),
  },
  {
    name: 'BMS_PackStatus',
    phaseMs: 58,
    signals: ({ s, count }) => ({
      BMS_StateOfCharge: Math.round(s.socPercent * 100) / 100,
      BMS_PackVoltage: Math.round(s.packVoltageV * 10) / 10,
      BMS_PackCurrent: Math.round(s.packCurrentA * 10) / 10,
      BMS_PackTemperature: Math.round(s.packTemperatureC),
      BMS_StatusCounter: count % 16,
    }),
  },
  {
    name: 'TCU_GpsPosition',
    phaseMs: 412,
    signals: ({ s, rand, home }) => {
      // A receiver's wander of a metre or so around the true track.
      const { latitude, longitude } = toLatLon(s.eastM + (rand() - 0.5) * 2.4, s.northM + (rand() - 0.5) * 2.4, home);
      return { TCU_Latitude: Math.round(latitude * 1e7) / 1e7, TCU_Longitude: Math.round(longitude * 1e7) / 1e7 };
    },
  },
  {
    name: 'TCU_GpsCourse',
    phaseMs: 415,
    signals: (c) => ({
      TCU_Heading: courseDeg(c),
      TCU_GpsSpeed: Math.round(Math.max(0, c.s.speedKmh + (c.s.speedKmh > 1 ? (c.rand() - 0.5) * 0.6 : 0)) * 100) / 100,
      TCU_Altitude: Math.round(c.s.altitudeM * 10) / 10,
      TCU_FixType: 2,
      TCU_Satellites: 9 + Math.floor(clamp(c.t, 0, TIMELINE.end) / 97) + (c.rand() < 0.2 ? 1 : 0),
    }),
  },
  {
    name: 'OBC_ChargeStatus',
    phaseMs: 230,
    signals: ({ t, s }) => {
      const state = chargingState(t);
      const powerKw = Math.round(s.chargePowerKw * 100) / 100;
      const minutes = state === 2 ? Math.ceil(((80 - s.socPercent) / 100) * 75 / 11 * 60) : 0;
      return { OBC_ChargingState: state, OBC_ChargePower: powerKw, OBC_ChargeLimit: 80, OBC_TimeToComplete: minutes };
    },
  },
];
