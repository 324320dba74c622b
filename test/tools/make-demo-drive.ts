/**
 * Writes core/vehicle/demo/drive-home.log: the demo EV's 6-minute drive, as candump -L, every frame
 * encoded with Homeward's codec from homeward-ev.dbc at its GenMsgCycleTime. Ignition on at home,
 * out through the suburb and round a loop (a red light, a ring road, a stop sign), back home, park,
 * ignition off, the driver's door opens and closes, the car locks, the cable goes in, charging starts.
 * Deterministic: the same bytes on every run (a seeded PRNG for jitter, no clock).
 *
 *   npx tsx test/tools/make-demo-drive.ts [OUT]      (default: core/vehicle/demo/drive-home.log)
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatCandumpLine } from '../../core/can/candump.js';
import { createDbcCodec, type DbcCodec, type SignalValue } from '../../core/dbc/codec.js';
import { loadDbcFile } from '../../core/dbc/load-dbc-file.js';
import { demoDriveLogPath, homewardEvDbcPath } from '../../core/vehicle/demo/paths.js';
import { GRID_S, simulateDrive, TIMELINE, toLatLon, type DriveSample } from './demo-drive-model.js';
import { seededRandom as prng } from '../../core/base/seeded-random.js';

/** 2024-06-17 16:00:00 UTC, in microseconds: where the log's clock starts. */
const START_US = 1_718_640_000_000_000;
const CHANNEL = 'vcan0';


interface Context {
  t: number;
  s: DriveSample;
  /** The sample one second earlier, for course over ground. */
  before: DriveSample;
  count: number;
  rand: () => number;
}

type SignalsAt = (c: Context) => Record<string, SignalValue>;

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const between = (t: number, from: number, to: number): boolean => t >= from && t < to;

function pedalPercent(s: DriveSample): number {
  if (s.speedKmh < 0.5 && s.accelMs2 <= 0.05) return 0;
  if (s.accelMs2 < -0.05) return 0;
  const pedal = s.accelMs2 > 0.05 ? 10 + 25 * s.accelMs2 + 0.25 * s.speedKmh : 6 + 0.22 * s.speedKmh;
  return clamp(Math.round(pedal / 0.4) * 0.4, 0, 100);
}

let lastHeading = 90;
/** Course over ground from the last second's movement; held while standing still. */
function courseDeg(c: Context): number {
  const de = c.s.eastM - c.before.eastM;
  const dn = c.s.northM - c.before.northM;
  if (Math.hypot(de, dn) > 0.3) lastHeading = ((Math.atan2(de, dn) * 180) / Math.PI + 360) % 360;
  return Math.round(lastHeading * 100) / 100 % 360;
}

function chargingState(t: number): number {
  if (t < TIMELINE.cableConnected) return 0; // NOT_CONNECTED
  return t < TIMELINE.chargingStarts ? 1 : 2; // CONNECTED, CHARGING
}

/** Message name, cycle from the DBC, phase within the cycle (ms), and its signals at time t. */
const MESSAGES: ReadonlyArray<{ name: string; phaseMs: number; signals: SignalsAt }> = [
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
      BCM_PowerMode: t < TIMELINE.ignitionOn ? 1 : t < TIMELINE.accOff ? 2 : t < TIMELINE.ignitionOff ? 1 : 0,
      BCM_DoorFrontLeft: between(t, TIMELINE.driverDoorOpen, TIMELINE.driverDoorClosed) ? 1 : 0,
      BCM_DoorFrontRight: 0,
      BCM_DoorRearLeft: 0,
      BCM_DoorRearRight: 0,
      BCM_Trunk: 0,
      BCM_CentralLock: t >= TIMELINE.locked ? 1 : 0,
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
    signals: ({ s, rand }) => {
      // A receiver's wander of a metre or so around the true track.
      const { latitude, longitude } = toLatLon(s.eastM + (rand() - 0.5) * 2.4, s.northM + (rand() - 0.5) * 2.4);
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
      TCU_Satellites: 9 + Math.floor(c.t / 97) + (c.rand() < 0.2 ? 1 : 0),
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

/** The whole log as text, one candump -L line per frame, in time order. */
export function makeDemoDrive(codec: DbcCodec = createDbcCodec(loadDbcFile(homewardEvDbcPath()))): string {
  lastHeading = 90;
  const samples = simulateDrive();
  const rand = prng(0x484f4d45); // "HOME"
  const frames: { us: number; order: number; line: string }[] = [];
  const endUs = TIMELINE.end * 1e6;
  MESSAGES.forEach(({ name, phaseMs, signals }, order) => {
    const compiled = codec.getMessageByName(name);
    if (compiled === undefined) throw new Error(`homeward-ev.dbc has no message ${name}`);
    const { cycleTime, frameId, isExtendedFrame } = compiled.message;
    if (cycleTime === null) throw new Error(`${name} has no GenMsgCycleTime`);
    for (let count = 0; ; count++) {
      // Up to 0.2 ms of transmit jitter, as a real ECU's scheduler and bus arbitration give.
      const offsetUs = count * cycleTime * 1000 + phaseMs * 1000 + Math.floor(rand() * 200);
      if (offsetUs >= endUs) break;
      const t = offsetUs / 1e6;
      const index = Math.min(samples.length - 1, Math.round(t / GRID_S));
      const before = samples[Math.max(0, index - Math.round(1 / GRID_S))];
      const data = codec.encode(name, signals({ t, s: samples[index], before, count, rand }));
      const us = START_US + offsetUs;
      const line = formatCandumpLine({ id: frameId, extended: isExtendedFrame, fd: false, rtr: false, error: false, data, ts: us / 1e6, channel: CHANNEL });
      frames.push({ us, order, line });
    }
  });
  frames.sort((a, b) => a.us - b.us || a.order - b.order);
  return frames.map((f) => `${f.line}\n`).join('');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? demoDriveLogPath();
  const text = makeDemoDrive();
  writeFileSync(out, text);
  process.stdout.write(`wrote ${out}: ${text.split('\n').length - 1} frames, ${Buffer.byteLength(text)} bytes\n`);
}
