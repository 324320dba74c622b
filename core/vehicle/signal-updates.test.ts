import { describe, it, expect } from 'vitest';
import { firstValueFrom, from, map, merge, timer, toArray, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { CanFrame } from '../can/frame.js';
import { createDbcCodec, type SignalValue } from '../dbc/codec.js';
import { DecodeError } from '../dbc/errors.js';
import type { Database } from '../dbc/model.js';
import { parseDbc } from '../dbc/parse-dbc.js';
import { bindVssMapping, type BoundVssMapping } from './bind-vss-mapping.js';
import { parseVssMapping } from './vss-mapping.js';
import { createSignalUpdateCounters, toSignalUpdates, type SignalDecoder, type SignalUpdate } from './signal-updates.js';

const DBC = `VERSION ""
BU_: VCU OBC TPMS HU
BO_ 256 VCU_Drive: 8 VCU
 SG_ Speed : 0|16@1+ (0.01,0) [0|655.35] "km/h" HU
 SG_ Gear : 16|3@1+ (1,0) [0|7] "" HU
 SG_ Door : 19|1@1+ (1,0) [0|1] "" HU
 SG_ Range : 24|16@1+ (1,0) [0|1000] "km" HU
BO_ 2566869221 OBC_Status: 8 OBC
 SG_ State : 0|3@1+ (1,0) [0|7] "" HU
 SG_ Power : 8|16@1- (0.01,0) [-22|22] "kW" HU
BO_ 768 TPMS: 8 TPMS
 SG_ Location : 0|4@1+ (1,0) [0|15] "" HU
 SG_ Pressure : 8|8@1+ (4,0) [0|1020] "kPa" HU
BO_ 512 Unmapped: 8 VCU
 SG_ Other : 0|8@1+ (1,0) [0|255] "" HU
VAL_ 256 Gear 0 "P" 1 "R" 2 "N" 3 "D" ;
VAL_ 256 Door 0 "CLOSED" 1 "OPEN" ;
VAL_ 2566869221 State 0 "NOT_CONNECTED" 2 "CHARGING" ;
`;
const database: Database = parseDbc(DBC, { file: 'test.dbc', strict: true });

const MAPPING = `
Vehicle.Speed:
  type: sensor
  datatype: float
  dbc2vss: {signal: Speed, interval_ms: 100}
Vehicle.IsMoving:
  type: sensor
  datatype: boolean
  dbc2vss: {signal: Speed, on_change: true, transform: {math: "x > 0.5"}}
Vehicle.Powertrain.Transmission.SelectedGear:
  type: actuator
  datatype: int8
  dbc2vss:
    signal: Gear
    interval_ms: 0
    transform: {mapping: [{from: P, to: 126}, {from: R, to: -1}, {from: 2, to: 0}, {from: 3, to: 127}]}
Vehicle.Cabin.Door.Row1.DriverSide.IsOpen:
  type: actuator
  datatype: boolean
  dbc2vss: {signal: VCU_Drive.Door, on_change: true, transform: {mapping: [{from: CLOSED, to: false}, {from: OPEN, to: true}]}}
Vehicle.Powertrain.Range:
  type: sensor
  datatype: uint32
  dbc2vss: {signal: Range, interval_ms: 0, transform: {math: "x * 1000"}}
Vehicle.Powertrain.TractionBattery.Charging.IsCharging:
  type: sensor
  datatype: boolean
  dbc2vss: {signal: State, on_change: true, transform: {mapping: [{from: CHARGING, to: true}, {from: NOT_CONNECTED, to: false}]}}
Vehicle.Powertrain.TractionBattery.Charging.IsDischarging:
  type: sensor
  datatype: boolean
  dbc2vss: {signal: Power, on_change: true, transform: {math: "x < -0.1"}}
Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure:
  type: sensor
  datatype: uint16
  dbc2vss: {signal: Pressure, interval_ms: 0, multiplexer: [{signal: Location, value: 1}]}
`;

const codec = createDbcCodec(database);
const T0 = 1_700_000_000; // frame timestamps are epoch seconds, as candump -L writes them

function frameOf(name: string, values: Record<string, SignalValue>, atMs: number, extra: Partial<CanFrame> = {}): CanFrame {
  const message = codec.getMessageByName(name)!.message;
  const data = codec.encode(name, values, { strict: false });
  return { id: message.frameId, extended: message.isExtendedFrame, fd: false, rtr: false, error: false, data, ts: T0 + atMs / 1000, ...extra };
}

const drive = (speed: number, gear: SignalValue, door: SignalValue, atMs: number, range = 300): CanFrame =>
  frameOf('VCU_Drive', { Speed: speed, Gear: gear, Door: door, Range: range }, atMs);

function bind(text: string): BoundVssMapping {
  return bindVssMapping(parseVssMapping(text, { file: 'test.yaml' }), database);
}

const run = (frames: CanFrame[], bound = bind(MAPPING), decoder: SignalDecoder = codec): Promise<SignalUpdate[]> =>
  firstValueFrom(from(frames).pipe(toSignalUpdates(decoder, bound), toArray()));

const only = (updates: SignalUpdate[], path: string): Array<[number, SignalUpdate['value']]> =>
  updates.filter((update) => update.path === path).map((update) => [Math.round((update.ts - T0) * 1000), update.value]);

describe('toSignalUpdates', () => {
  it('gates by interval_ms on frame timestamps, in virtual time', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const speedOnly = bind('Vehicle.Speed: {type: sensor, datatype: float, dbc2vss: {signal: Speed, interval_ms: 100}}');
    scheduler.run(({ hot, expectObservable }) => {
      // A 40 ms cycle: 0, 40, 80, 120, 160, 200, 240 ms.
      const speeds = [10, 11, 12, 13, 14, 15, 16];
      const frames: Record<string, CanFrame> = {};
      'abcdefg'.split('').forEach((key, i) => (frames[key] = drive(speeds[i], 'P', 'CLOSED', i * 40)));
      const frames$ = hot('a 39ms b 39ms c 39ms d 39ms e 39ms f 39ms g', frames) as Observable<CanFrame>;
      const update = (value: number, atMs: number): SignalUpdate => ({ path: 'Vehicle.Speed', value, ts: T0 + atMs / 1000 });
      expectObservable(frames$.pipe(toSignalUpdates(codec, speedOnly, { scheduler }))).toBe('a 119ms d 119ms g', {
        a: update(10, 0),
        d: update(13, 120),
        g: update(16, 240),
      });
    });
  });

  it('lets a 100 ms cycle through a 100 ms gate despite epoch-second rounding', async () => {
    const speedOnly = bind('Vehicle.Speed: {type: sensor, datatype: float, dbc2vss: {signal: Speed, interval_ms: 100}}');
    const frames = Array.from({ length: 40 }, (_, i) => drive(i, 'P', 0, i * 100));
    expect(await run(frames, speedOnly)).toHaveLength(40);
  });

  it('gives the same updates when a log is replayed at full speed as in real time', async () => {
    const frames = Array.from({ length: 50 }, (_, i) => drive(i % 7, i % 4, i % 3 === 0 ? 1 : 0, i * 37));
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const live: SignalUpdate[] = [];
    scheduler.run(({ flush }) => {
      // Each frame arrives at its own timestamp, 37 ms apart, in virtual time.
      const frames$ = merge(...frames.map((frame, i) => timer(i * 37).pipe(map(() => frame))));
      frames$.pipe(toSignalUpdates(codec, bind(MAPPING), { scheduler })).subscribe((update) => live.push(update));
      flush();
    });
    const replayed = await run(frames);
    expect(only(replayed, 'Vehicle.Speed').map(([atMs]) => atMs)).toEqual([0, 111, 222, 333, 444, 555, 666, 777, 888, 999, 1110, 1221, 1332, 1443, 1554, 1665, 1776]);
    expect(replayed).toEqual(live);
  });

  it('forwards only changes with on_change, including the first value', async () => {
    const doors = ['CLOSED', 'CLOSED', 'OPEN', 'OPEN', 'CLOSED'];
    const updates = await run(doors.map((door, i) => drive(0, 'P', door, i * 100)));
    expect(only(updates, 'Vehicle.Cabin.Door.Row1.DriverSide.IsOpen')).toEqual([
      [0, false],
      [200, true],
      [400, false],
    ]);
  });

  it('maps VAL_ names and numbers, and drops unmatched values', async () => {
    const counters = createSignalUpdateCounters();
    const gears: SignalValue[] = ['P', 'D', 7, 'R', 'N'];
    const frames = gears.map((gear, i) => drive(0, gear, 'CLOSED', i * 10));
    const updates = await firstValueFrom(from(frames).pipe(toSignalUpdates(codec, bind(MAPPING), { counters }), toArray()));
    // D is matched by its number (from: 3), N by its number (from: 2); raw 7 has no VAL_ and no entry.
    expect(only(updates, 'Vehicle.Powertrain.Transmission.SelectedGear')).toEqual([
      [0, 126],
      [10, 127],
      [30, -1],
      [40, 0],
    ]);
    expect(counters.dropped).toBe(1);
  });

  it('applies math to the physical value, and booleans from comparisons', async () => {
    const updates = await run([drive(0, 'P', 0, 0, 312), drive(12.5, 'D', 0, 100, 311), drive(12.5, 'D', 0, 200, 311)]);
    expect(only(updates, 'Vehicle.Powertrain.Range')).toEqual([
      [0, 312_000],
      [100, 311_000],
      [200, 311_000],
    ]);
    expect(only(updates, 'Vehicle.IsMoving')).toEqual([
      [0, false],
      [100, true],
    ]);
  });

  it('handles extended ids, signed values and the multiplexer filter', async () => {
    const frames = [
      frameOf('OBC_Status', { State: 'CHARGING', Power: 7.2 }, 0),
      frameOf('OBC_Status', { State: 'NOT_CONNECTED', Power: -3.5 }, 100),
      frameOf('TPMS', { Location: 0, Pressure: 240 }, 0),
      frameOf('TPMS', { Location: 1, Pressure: 236 }, 5),
    ];
    const updates = await run(frames);
    expect(only(updates, 'Vehicle.Powertrain.TractionBattery.Charging.IsCharging')).toEqual([
      [0, true],
      [100, false],
    ]);
    expect(only(updates, 'Vehicle.Powertrain.TractionBattery.Charging.IsDischarging')).toEqual([
      [0, false],
      [100, true],
    ]);
    expect(only(updates, 'Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure')).toEqual([[5, 236]]);
    // The same id as a standard frame is another message: unknown.
    const counters = createSignalUpdateCounters();
    const standard = { ...frames[0], extended: false };
    await firstValueFrom(from([standard]).pipe(toSignalUpdates(codec, bind(MAPPING), { counters }), toArray()));
    expect(counters.unknown).toBe(1);
  });

  it('skips and counts error, remote, unknown and unmapped frames, and keeps going after a bad one', async () => {
    const counters = createSignalUpdateCounters();
    const decodeErrors: unknown[] = [];
    // A codec that refuses 1-byte payloads, as it refuses an undefined multiplexer value.
    const refusing: SignalDecoder = {
      getMessage: (id, extended) => {
        const compiled = codec.getMessage(id, extended);
        if (compiled === undefined) return undefined;
        return {
          ...compiled,
          decode: (data, options) => {
            if (data.length === 1) throw new DecodeError('refused');
            return compiled.decode(data, options);
          },
        };
      },
    };
    const frames = [
      drive(0, 'P', 0, 0),
      { ...drive(2, 'P', 0, 1), error: true },
      { ...drive(3, 'P', 0, 2), rtr: true },
      { ...drive(4, 'P', 0, 3), id: 0x7ff },
      frameOf('Unmapped', { Other: 1 }, 4),
      { ...drive(0, 'P', 0, 5), data: Uint8Array.of(0x10, 0x27) }, // truncated: only Speed (100 km/h) fits
      { ...drive(0, 'P', 0, 6), data: Uint8Array.of(0x10) },
      drive(6, 'P', 0, 1500),
      drive(7, 'P', 0, 3000),
    ];
    const updates = await firstValueFrom(
      from(frames).pipe(toSignalUpdates(refusing, bind(MAPPING), { counters, allowTruncated: true, onDecodeError: (error) => decodeErrors.push(error) }), toArray()),
    );
    expect(counters).toEqual({ frames: 9, decoded: 4, unknown: 1, unmapped: 1, errors: 2, decodeErrors: 1, dropped: 0, updates: updates.length });
    expect(decodeErrors).toEqual([expect.any(DecodeError)]);
    expect(only(updates, 'Vehicle.Speed')).toEqual([
      [0, 0],
      [1500, 6],
      [3000, 7],
    ]);
    expect(only(updates, 'Vehicle.IsMoving')).toEqual([
      [0, false],
      [5, true],
    ]);
    expect(only(updates, 'Vehicle.Powertrain.Range').map(([atMs]) => atMs)).toEqual([0, 1500, 3000]);
  });

  it('counts a short frame as a decode error unless allowTruncated is set (cantools\' allow_truncated)', async () => {
    const short = { ...drive(0, 'P', 0, 5), data: Uint8Array.of(0x10, 0x27) };
    const counters = createSignalUpdateCounters();
    const errors: unknown[] = [];
    const strictUpdates = await firstValueFrom(from([short]).pipe(toSignalUpdates(codec, bind(MAPPING), { counters, onDecodeError: (e) => errors.push(e) }), toArray()));
    expect(strictUpdates).toEqual([]);
    expect(counters.decodeErrors).toBe(1);
    expect(errors).toEqual([new DecodeError('Wrong data size: 2 instead of 8 bytes')]);
    const partial = await firstValueFrom(from([short]).pipe(toSignalUpdates(codec, bind(MAPPING), { allowTruncated: true }), toArray()));
    expect(only(partial, 'Vehicle.Speed')).toEqual([[5, 100]]);
  });

  it('keeps gate state per subscription', async () => {
    const bound = bind(MAPPING);
    const frames$ = from([drive(1, 'P', 0, 0), drive(2, 'P', 0, 50)]).pipe(toSignalUpdates(codec, bound));
    const first = await firstValueFrom(frames$.pipe(toArray()));
    const second = await firstValueFrom(frames$.pipe(toArray()));
    expect(second).toEqual(first);
    expect(only(first, 'Vehicle.Speed')).toEqual([[0, 1]]);
  });

  it('stamps frames without a timestamp from the scheduler', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const speedOnly = bind('Vehicle.Speed: {type: sensor, datatype: float, dbc2vss: {signal: Speed}}');
    scheduler.run(({ cold, expectObservable }) => {
      const frames$ = cold('250ms a', { a: { ...drive(42, 'P', 0, 0), ts: 0 } });
      expectObservable(frames$.pipe(toSignalUpdates(codec, speedOnly, { scheduler }))).toBe('250ms a', {
        a: { path: 'Vehicle.Speed', value: 42, ts: 0.25 },
      });
    });
  });
});
