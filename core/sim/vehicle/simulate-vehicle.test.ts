import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { CanFrame } from '../../can/frame.js';
import { createDbcCodec } from '../../dbc/codec.js';
import { loadDbcFile } from '../../dbc/load-dbc-file.js';
import { homewardEvDbcPath } from '../../vehicle/demo/paths.js';
import { VehicleSimOptionError } from './errors.js';
import { DEMO_HOME, loopSeconds, simulateVehicle$, type SimulateVehicleOptions } from './simulate-vehicle.js';

const codec = createDbcCodec(loadDbcFile(homewardEvDbcPath()));

interface Run {
  frames: CanFrame[];
  completedAtMs: number | undefined;
  scheduler: VirtualTimeScheduler;
}

/** Runs the car in virtual time up to `untilMs` (or to its end) and collects what it sent. */
function drive(options: Omit<SimulateVehicleOptions, 'scheduler'> = {}, untilMs = Infinity): Run {
  const scheduler = new VirtualTimeScheduler();
  const run: Run = { frames: [], completedAtMs: undefined, scheduler };
  const subscription = simulateVehicle$({ codec, ...options, scheduler }).subscribe({
    next: (frame) => run.frames.push(frame),
    complete: () => (run.completedAtMs = scheduler.now()),
  });
  if (untilMs !== Infinity) scheduler.schedule(() => subscription.unsubscribe(), untilMs);
  scheduler.flush();
  return run;
}

/** Each change of a signal over the run: [seconds, value], starting with its first value. */
function changes(frames: CanFrame[], signal: string): [number, number | string][] {
  const out: [number, number | string][] = [];
  for (const frame of frames) {
    const value = codec.decode(frame.id, frame.extended, frame.data)?.[signal] as number | string | undefined;
    if (value === undefined || (out.length > 0 && out[out.length - 1][1] === value)) continue;
    out.push([Math.round(frame.ts * 10) / 10, value]);
  }
  return out;
}

const oneLoop = drive({ parkedS: 30 });

describe('simulateVehicle$', () => {
  it('runs one loop in virtual time, then completes', () => {
    expect(loopSeconds(30)).toBe(8 + 362 + 30);
    expect(oneLoop.completedAtMs).toBeGreaterThan(399_000);
    expect(oneLoop.completedAtMs).toBeLessThanOrEqual(400_000);
    // 84 frames a second: 50 + 10 + 10 + 10 + 1 + 1 + 2 (the DBC's cycle times).
    expect(oneLoop.frames.length).toBeGreaterThan(84 * 399);
    expect(oneLoop.frames.length).toBeLessThanOrEqual(84 * 400);
  });

  it('sends each message at its DBC cycle time, stamped with the scheduler time it is due', () => {
    const first = oneLoop.frames.filter((f) => f.ts < 1);
    const perId = new Map<number, number>();
    for (const f of first) perId.set(f.id, (perId.get(f.id) ?? 0) + 1);
    expect(Object.fromEntries(perId)).toEqual({ 0x100: 50, 0x101: 10, 0x320: 10, 0x350: 10, 0x500: 1, 0x501: 1, 0x18ff50e5: 2 });
    expect(first[0]).toMatchObject({ id: 0x100, extended: false, fd: false, rtr: false, error: false });
    expect(first[0].ts).toBeCloseTo(0.003, 3);
    const ts = oneLoop.frames.map((f) => f.ts);
    expect(ts.every((t, i) => i === 0 || t >= ts[i - 1])).toBe(true);
    expect(oneLoop.frames.find((f) => f.id === 0x18ff50e5)?.extended).toBe(true);
  });

  it('plays the script: unplug, unlock, get in, ignition, drive, park, ignition off, door, lock, charge', () => {
    const f = oneLoop.frames;
    expect(changes(f, 'OBC_ChargingState')).toEqual([[0.2, 1], [2.2, 0], [357.2, 1], [362.2, 2]]);
    expect(changes(f, 'BCM_CentralLock')).toEqual([[0, 1], [3, 0], [360, 1]]);
    expect(changes(f, 'BCM_DoorFrontLeft')).toEqual([[0, 0], [5, 1], [6.5, 0], [348, 1], [352.2, 0]]);
    expect(changes(f, 'BCM_PowerMode')).toEqual([[0, 0], [8, 1], [9.5, 2], [344, 1], [346, 0]]);
    expect(changes(f, 'VCU_SelectedGear')).toEqual([[0, 0], [14, 3], [339, 0]]);
    const speeds = f.map((x) => codec.decode(x.id, x.extended, x.data)?.VCU_VehicleSpeed).filter((v) => v !== undefined) as number[];
    expect(Math.max(...speeds)).toBeGreaterThan(70);
    expect(speeds[speeds.length - 1]).toBe(0);
  });

  it('drives from home and back: GPS fixes start and end within metres of home', () => {
    const fixes = oneLoop.frames.filter((x) => x.id === 0x500).map((x) => codec.decode(x.id, false, x.data) as Record<string, number>);
    const metres = (fix: Record<string, number>, home = DEMO_HOME): number =>
      Math.hypot((fix.TCU_Latitude - home.latitude) * 111_320, (fix.TCU_Longitude - home.longitude) * 111_320 * Math.cos((home.latitude * Math.PI) / 180));
    expect(metres(fixes[0])).toBeLessThan(5);
    expect(metres(fixes[fixes.length - 1])).toBeLessThan(5);
    expect(Math.max(...fixes.map((x) => metres(x)))).toBeGreaterThan(500);
    // Another home: the same route around it.
    const away = { latitude: 52.52, longitude: 13.405 };
    const there = drive({ home: away, parkedS: 0 }, 20_000).frames.filter((x) => x.id === 0x500);
    expect(metres(codec.decode(0x500, false, there[0].data) as Record<string, number>, away)).toBeLessThan(5);
  });

  it('runs N times faster with speed N: the same frames, timestamps divided by N', () => {
    const fast = drive({ parkedS: 30, speed: 20 });
    expect(fast.completedAtMs).toBeLessThanOrEqual(20_000);
    expect(fast.frames.map((x) => x.data)).toEqual(oneLoop.frames.map((x) => x.data));
    expect(fast.frames[1000].ts * 20).toBeCloseTo(oneLoop.frames[1000].ts, 2);
  });

  it('loops for ever with loop: the next loop leaves home again, the odometer carries on', () => {
    const looped = drive({ parkedS: 10, loop: true }, 2.2 * loopSeconds(10) * 1000);
    expect(looped.completedAtMs).toBeUndefined();
    const power = changes(looped.frames, 'BCM_PowerMode').map(([, v]) => v);
    expect(power).toEqual([0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2]);
    const odometer = looped.frames.filter((x) => x.id === 0x100).map((x) => codec.decode(0x100, false, x.data)?.VCU_Odometer as number);
    expect(odometer.every((km, i) => i === 0 || km >= odometer[i - 1])).toBe(true);
    expect(odometer[odometer.length - 1] - odometer[0]).toBeGreaterThan(6); // two drives of about 3.6 km
  });

  it('stops sending when unsubscribed, and refuses a speed that is not positive', () => {
    const short = drive({}, 500);
    expect(short.frames.length).toBeGreaterThan(0);
    expect(short.frames[short.frames.length - 1].ts).toBeLessThanOrEqual(0.5);
    expect(() => simulateVehicle$({ scheduler: new VirtualTimeScheduler(), speed: 0 })).toThrow(VehicleSimOptionError);
    expect(() => simulateVehicle$({ scheduler: new VirtualTimeScheduler(), parkedS: -1 })).toThrow(/parked time/);
  });
});
