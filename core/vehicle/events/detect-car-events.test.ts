import { describe, it, expect } from 'vitest';
import { from, lastValueFrom, Subject, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { ManualClock } from '../../base/manual-clock.js';
import type { SignalUpdate } from '../signal-updates.js';
import type { CarEvent, HomePresence } from './car-event.js';
import { detectCarEvents } from './detect-car-events.js';
import { HOME, SignalLog, T0 } from './testing/signal-log.js';

const run = async (log: SignalLog, home = HOME): Promise<CarEvent[]> =>
  lastValueFrom(detectCarEvents(from(log.updates), { home, scheduler: new ManualClock() }).events$.pipe(toArray()));
const named = (events: CarEvent[], prefix = 'home.'): Array<[string, number]> =>
  events.filter((e) => e.name.startsWith(prefix)).map((e) => [e.name, Math.round((e.ts - T0) * 10) / 10]);

/** Parked somewhere, wakes up, drives `legs`, ends standing in D. */
function drive(start: [number, number], legs: Array<[number, number, number]>): SignalLog {
  const log = new SignalLog(...start).power('OFF').gear(126).hold(5).power('ON').hold(1).gear(127).hold(1);
  for (const [east, north, kmh] of legs) log.driveTo(east, north, kmh);
  return log;
}

describe('detectCarEvents: home', () => {
  it('a car that starts parked at home is home: nothing is emitted, presence says home', async () => {
    const log = new SignalLog(5, -10).power('OFF').gear(126).hold(30);
    const streams = detectCarEvents(from(log.updates), { home: HOME, scheduler: new ManualClock() });
    const presence = await lastValueFrom(streams.presence$);
    expect(presence).toMatchObject({ state: 'home', etaS: null });
    expect(presence.distanceM).toBeLessThan(12);
    expect(await run(log)).toEqual([]);
  });

  it('arrives at the update that engages P inside the zone, with the evidence; approaching comes first', async () => {
    const log = drive([3000, 0], [[0, -20, 50]]).hold(1.5).gear(126).hold(3).power('OFF').hold(5);
    const events = await run(log);
    const parkTs = log.updates.find((u) => u.value === 126 && u.ts > T0 + 10)?.ts as number;
    const arrived = events.find((e) => e.name === 'home.arrived') as CarEvent;
    expect(arrived.ts).toBe(parkTs);
    expect(arrived.evidence).toMatchObject({ gear: 'P', trigger: 'gear_p', speed_kmh: 0 });
    expect(arrived.evidence.distance_m as number).toBeLessThan(25);
    expect(arrived.evidence.fixes as number).toBeGreaterThan(3);
    const approaching = events.filter((e) => e.name === 'home.approaching');
    expect(approaching.length).toBeGreaterThanOrEqual(1);
    expect(parkTs - approaching[0].ts).toBeGreaterThanOrEqual(60);
    expect(approaching[0].evidence.eta_s as number).toBeGreaterThan(0);
    // Re-emitted only as the ETA crosses further thresholds, each once.
    const thresholds = approaching.map((e) => e.evidence.threshold_s);
    expect(new Set(thresholds).size).toBe(thresholds.length);
    expect(named(events).filter(([n]) => n !== 'home.approaching')).toEqual([['home.arrived', Math.round((parkTs - T0) * 10) / 10]]);
  });

  it('arrives on ignition off when the gear never says P', async () => {
    const log = drive([0, -800], [[0, -20, 40]]).hold(2).power('OFF').hold(5);
    const arrived = (await run(log)).filter((e) => e.name === 'home.arrived');
    expect(arrived).toHaveLength(1);
    expect(arrived[0].evidence).toMatchObject({ trigger: 'ignition_off', ignition: 'off' });
  });

  it('no arrival for a red light 80 m away, a wait in D or N in front of the house, or a U-turn there', async () => {
    const redLight = drive([-2000, -20], [[80, -20, 50]]).hold(60).gear(0).hold(20).gear(127).driveTo(2000, -20, 50);
    const waitInFront = drive([-2000, -20], [[0, -20, 40]]).hold(90).driveTo(-2000, -20, 50);
    const uTurn = drive([-2000, -20], [[10, -20, 40], [15, -14, 6]]).hold(1).gear(-1).hold(1).driveTo(12, -24, 5).hold(1).gear(127).driveTo(-2000, -20, 50);
    for (const log of [redLight, waitInFront, uTurn]) expect(named(await run(log)).filter(([n]) => n !== 'home.approaching')).toEqual([]);
  });

  it('no arrival for a neighbour parking 150 m away, even when bursts put the fix at home', async () => {
    const log = drive([-2000, -20], [[150, -22, 40]]).hold(1).gear(126).hold(2).power('OFF').hold(60)
      .multipath(-150, 20, 4).hold(30).multipath(-140, 25, 8).hold(600);
    expect(named(await run(log)).filter(([n]) => n !== 'home.approaching')).toEqual([]);
  });

  it('a stop in P at the garage door, then into the garage and P again: one arrival', async () => {
    const log = drive([-2000, -20], [[0, -22, 40]]).hold(1).gear(126).hold(20).gear(127).driveTo(0, -8, 5).hold(1).gear(126).power('OFF').hold(10);
    expect(named(await run(log)).filter(([n]) => n === 'home.arrived')).toHaveLength(1);
  });

  it('arrives on dead reckoning when the fixes stop before the home street (a tunnel)', async () => {
    const log = drive([-3000, -20], [[-1500, -20, 60]]).dropout(80).driveTo(-300, -20, 60).driveTo(0, -20, 30).hold(1).gear(126).hold(5);
    const arrived = (await run(log)).filter((e) => e.name === 'home.arrived');
    expect(arrived).toHaveLength(1);
  });

  it('a start inside a multipath burst settles on the true position: home, then one left', async () => {
    const log = new SignalLog(0, -10).multipath(70, 40, 5).power('OFF').gear(126).hold(120)
      .power('ON').hold(1).gear(127).driveTo(0, -20, 5).driveTo(2000, -20, 50);
    const streams = detectCarEvents(from(log.updates), { home: HOME, scheduler: new ManualClock() });
    const [events, presence] = await Promise.all([lastValueFrom(streams.events$.pipe(toArray())), lastValueFrom(streams.presence$.pipe(toArray()))]);
    expect(presence.find((p) => p.state !== 'unknown')?.state).toBe('home');
    expect(events.filter((e) => e.name.startsWith('home.')).map((e) => e.name)).toEqual(['home.left']);
  });

  it('parked at home and off within two seconds (before the filter settles): home, then one left', async () => {
    const log = new SignalLog(0, -10).power('ON').gear(126).hold(1.5).gear(-1).driveTo(0, -20, 5).gear(127).driveTo(2000, -20, 50);
    const streams = detectCarEvents(from(log.updates), { home: HOME, scheduler: new ManualClock() });
    const [events, presence] = await Promise.all([lastValueFrom(streams.events$.pipe(toArray())), lastValueFrom(streams.presence$.pipe(toArray()))]);
    expect(presence.find((p) => p.state !== 'unknown')?.state).toBe('home');
    const home = events.filter((e) => e.name.startsWith('home.'));
    expect(home.map((e) => e.name)).toEqual(['home.left']);
    expect(home[0].evidence.distance_m as number).toBeGreaterThan(100);
    expect(home[0].evidence.distance_m as number).toBeLessThan(130);
  });

  it('no left for a log that starts driving through the zone, nor for a quick start 90 m away', async () => {
    const through = new SignalLog(-30, -20).power('ON').gear(127).driveTo(2000, -20, 50);
    const nearby = new SignalLog(-90, -20).power('ON').gear(126).hold(1.5).gear(127).driveTo(-2000, -20, 50);
    for (const log of [through, nearby]) expect(named(await run(log))).toEqual([]);
  });

  it('leaves once when it drives away, and never while parked with a wandering, jumping fix', async () => {
    const log = new SignalLog(0, -10).power('OFF').gear(126).hold(20)
      .multipath(300, 0, 5).hold(20).multipath(0, -200, 10).hold(60).multipath(120, 80, 30).hold(60)
      .power('ON').hold(1).gear(-1).hold(1).driveTo(0, -20, 5).gear(127).driveTo(2000, -20, 50);
    const events = await run(log);
    const left = events.filter((e) => e.name.startsWith('home.'));
    expect(left.map((e) => e.name)).toEqual(['home.left']);
    expect(left[0].evidence.distance_m as number).toBeGreaterThan(100);
    expect(left[0].evidence.distance_m as number).toBeLessThan(130);
  });
});

describe('detectCarEvents: odd inputs', () => {
  it('a car that sends no wheel speed: the fixes carry the motion, it still leaves and arrives', async () => {
    const log = new SignalLog(0, -10).power('OFF').gear(126).hold(10).power('ON').gear(127).set('Vehicle.IsMoving', true)
      .driveTo(0, -20, 10).driveTo(1500, -20, 50).set('Vehicle.IsMoving', false).hold(30).set('Vehicle.IsMoving', true)
      .driveTo(0, -20, 50).set('Vehicle.IsMoving', false).hold(2).power('OFF').hold(5);
    log.updates.splice(0, log.updates.length, ...log.updates.filter((u) => u.path !== 'Vehicle.Speed'));
    expect(named(await run(log)).map(([name]) => name).filter((n) => n !== 'home.approaching')).toEqual(['home.left', 'home.arrived']);
  });

  it('a log played twice gives the same events twice: time running backwards starts over', async () => {
    const log = drive([0, -1500], [[0, -20, 40]]).hold(1).gear(126).hold(2).power('OFF').hold(5);
    const once = await run(log);
    log.updates.push(...log.updates.map((u) => ({ ...u })));
    expect(await run(log)).toEqual([...once, ...once]);
  });
});

describe('detectCarEvents: vehicle', () => {
  const ups = (list: Array<[string, SignalUpdate['value']]>): SignalUpdate[] => list.map(([path, value], i) => ({ path, value, ts: T0 + i * 2 }));
  const names = async (updates: SignalUpdate[]): Promise<string[]> =>
    (await lastValueFrom(detectCarEvents(from(updates), { home: HOME, scheduler: new ManualClock() }).events$.pipe(toArray()))).map((e) => e.name);
  const SOC = 'Vehicle.Powertrain.TractionBattery.StateOfCharge.Current';

  it('ignition: the first state is silent; ON→ACC is off, ACC→OFF nothing more, OFF→START on', async () => {
    const power = 'Vehicle.LowVoltageSystemState';
    const ignition = (await names(ups([[power, 'ON'], [power, 'ACC'], [power, 'OFF'], [power, 'START'], [power, 'ON'], [power, 'bogus']]))).filter((n) => n.includes('ignition'));
    expect(ignition).toEqual(['vehicle.ignition_off', 'vehicle.ignition_on']);
  });

  it('parked: D→P emits once (P while rolling waits for the standstill); the initial P is silent', async () => {
    const gear = 'Vehicle.Powertrain.Transmission.SelectedGear';
    expect(await names(ups([[gear, 126], ['Vehicle.Speed', 0], [gear, 127], ['Vehicle.Speed', 20], [gear, 126], ['Vehicle.Speed', 0], [gear, 126]]))).toEqual(['vehicle.parked']);
  });

  it('battery_low has hysteresis: once below 15 %, again only after rising to 20 %; starting low is silent', async () => {
    expect(await names(ups([[SOC, 16], [SOC, 14.9], [SOC, 16], [SOC, 14], [SOC, 20], [SOC, 14.5]]))).toEqual(['vehicle.battery_low', 'vehicle.battery_low']);
    expect(await names(ups([[SOC, 10], [SOC, 9], [SOC, 19], [SOC, 14]]))).toEqual([]);
    const custom = detectCarEvents(from(ups([[SOC, 31], [SOC, 29], [SOC, 30], [SOC, 29]])), { home: HOME, scheduler: new ManualClock(), batteryLowPct: 30, batteryLowClearPct: 35 });
    expect((await lastValueFrom(custom.events$.pipe(toArray()))).map((e) => e.evidence)).toEqual([{ soc_pct: 29, threshold_pct: 30, clear_pct: 35 }]);
  });

  it('charging started/stopped on IsCharging changes, with the state of charge; the first value is silent', async () => {
    const charging = 'Vehicle.Powertrain.TractionBattery.Charging.IsCharging';
    expect(await names(ups([[SOC, 40], [charging, false], [charging, true], [charging, true], [charging, false]]))).toEqual(['vehicle.charging_started', 'vehicle.charging_stopped']);
  });

  it('doors and the trunk open and close; each first value is silent', async () => {
    const driver = 'Vehicle.Cabin.Door.Row1.DriverSide.IsOpen';
    const trunk = 'Vehicle.Body.Trunk.Rear.IsOpen';
    const events = await lastValueFrom(detectCarEvents(from(ups([[driver, false], [trunk, false], [driver, true], [trunk, true], [driver, false], ['Vehicle.Cabin.Seat.IsOpen', true]])), { home: HOME, scheduler: new ManualClock() }).events$.pipe(toArray()));
    expect(events.map((e) => [e.name, e.evidence.door])).toEqual([['vehicle.door_opened', 'Row1.DriverSide'], ['vehicle.door_opened', 'Trunk.Rear'], ['vehicle.door_closed', 'Row1.DriverSide']]);
  });

  it('bad values are ignored without an error', async () => {
    expect(await names(ups([['Vehicle.Speed', 'fast'], ['Vehicle.CurrentLocation.Latitude', Number.NaN], ['Vehicle.CurrentLocation.Latitude', 0], ['Vehicle.CurrentLocation.Longitude', 0],
      ['Vehicle.Powertrain.Transmission.SelectedGear', true], [SOC, 'full'], ['Vehicle.Cabin.Door.Row1.DriverSide.IsOpen', 1]]))).toEqual([]);
  });
});

describe('detectCarEvents: streams', () => {
  it('events$ and presence$ share one subscription while subscribed, and release it after', () => {
    const updates = new Subject<SignalUpdate>();
    const streams = detectCarEvents(updates, { home: HOME, scheduler: new ManualClock() });
    const events: CarEvent[] = [];
    const presence: HomePresence[] = [];
    const a = streams.events$.subscribe((e) => events.push(e));
    const b = streams.presence$.subscribe((p) => presence.push(p));
    const log = new SignalLog(0, -10).power('ON').gear(127).hold(10).power('ACC');
    for (const u of log.updates) updates.next(u);
    expect(events.map((e) => e.name)).toEqual(['vehicle.ignition_off']);
    expect(presence.at(-1)?.state).toBe('home');
    a.unsubscribe();
    expect(updates.observed).toBe(true);
    b.unsubscribe();
    expect(updates.observed).toBe(false);
  });

  it('decides on the update itself, in virtual time; updates without ts are stamped by the scheduler', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ hot, expectObservable }) => {
      const gear = 'Vehicle.Powertrain.Transmission.SelectedGear';
      const updates = hot('-a 1999ms b 2999ms c', {
        a: { path: gear, value: 126, ts: 0 }, b: { path: gear, value: 127, ts: 0 }, c: { path: gear, value: 126, ts: 0 },
      });
      const { events$ } = detectCarEvents(updates, { home: HOME, scheduler });
      expectObservable(events$).toBe('-- 1999ms - 2999ms p', { p: { name: 'vehicle.parked', ts: 5.001, evidence: { gear: 'P', ignition: 'unknown', speed_kmh: null } } });
    });
  });
});
