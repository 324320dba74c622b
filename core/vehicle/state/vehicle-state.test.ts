import { describe, it, expect } from 'vitest';
import { Subject, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { ManualClock } from '../../base/manual-clock.js';
import type { SignalUpdate, VssValue } from '../signal-updates.js';
import { createVehicleState } from './vehicle-state.js';
import type { VssSample } from './vss-sample.js';

const SPEED = 'Vehicle.Speed';
const GEAR = 'Vehicle.Powertrain.Transmission.SelectedGear';
const up = (path: string, value: VssValue, ts: number): SignalUpdate => ({ path, value, ts });
const sample = (path: string, value: VssValue, ts: number, stale = false): VssSample => ({ path, value, ts, stale });
const scheduler = (): TestScheduler => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('createVehicleState', () => {
  it('marks a path stale after cycle × factor without a refresh, and fresh again on the next update', () => {
    const ts = scheduler();
    ts.run(({ hot, expectObservable, expectSubscriptions }) => {
      const updates = hot('-a 99ms b 499ms c', { a: up(SPEED, 10, 0.001), b: up(SPEED, 12, 0.101), c: up(SPEED, 13, 0.601) });
      const state = createVehicleState(updates, { scheduler: ts, expectedCycleMs: new Map([[SPEED, 100]]) });
      state.start();
      // Updates at 1 and 101 ms; 300 ms later (401) it is stale; the update at 601 refreshes it.
      expectObservable(state.samples$, '^ 1000ms !').toBe('-a 99ms b 299ms s 199ms c 299ms t', {
        a: sample(SPEED, 10, 0.001), b: sample(SPEED, 12, 0.101), s: sample(SPEED, 12, 0.101, true), c: sample(SPEED, 13, 0.601),
        t: sample(SPEED, 13, 0.601, true),
      });
      ts.schedule(() => state.stop(), 1000);
      expectSubscriptions(updates.subscriptions).toBe('^ 999ms !');
    });
  });

  it('honours staleFactor and a function of expected cycles; paths without a cycle never go stale', () => {
    const ts = scheduler();
    ts.run(({ hot, expectObservable }) => {
      const updates = hot('-a-b', { a: up(SPEED, 1, 0), b: up(GEAR, 127, 0) });
      const state = createVehicleState(updates, { scheduler: ts, staleFactor: 2, expectedCycleMs: (path) => (path === SPEED ? 50 : undefined) });
      state.start();
      expectObservable(state.samples$, '^ 500ms !').toBe('-a-b 97ms s', { a: sample(SPEED, 1, 0), b: sample(GEAR, 127, 0), s: sample(SPEED, 1, 0, true) });
    });
  });

  it('path$ replays the latest sample, then follows; get and snapshot show the last values', () => {
    const updates = new Subject<SignalUpdate>();
    const state = createVehicleState(updates, { scheduler: new ManualClock() });
    state.start();
    updates.next(up(SPEED, 42, 1));
    updates.next(up(GEAR, 127, 1));
    const seen: VssSample[] = [];
    const subscription = state.path$(SPEED).subscribe((s) => seen.push(s));
    updates.next(up(SPEED, 43, 2));
    updates.next(up(GEAR, 126, 2));
    expect(seen).toEqual([sample(SPEED, 42, 1), sample(SPEED, 43, 2)]);
    expect(state.get(GEAR)).toEqual(sample(GEAR, 126, 2));
    expect(state.snapshot()).toEqual({ [SPEED]: sample(SPEED, 43, 2), [GEAR]: sample(GEAR, 126, 2) });
    subscription.unsubscribe();
    state.stop();
  });

  it('derived$ emits only when a derived value changes', () => {
    const updates = new Subject<SignalUpdate>();
    const state = createVehicleState(updates, { scheduler: new ManualClock() });
    const seen: Array<{ moving: boolean; parked: boolean; gear: unknown }> = [];
    state.derived$.subscribe((d) => seen.push({ moving: d.moving, parked: d.parked, gear: d.gear }));
    state.start();
    updates.next(up(GEAR, 126, 1));
    updates.next(up(GEAR, 126, 2)); // same value: no emission
    updates.next(up('Vehicle.Exterior.AirTemperature', 20, 2)); // not an input of derived state
    updates.next(up(SPEED, 0, 2));
    updates.next(up(GEAR, 127, 3));
    updates.next(up(SPEED, 20, 4));
    expect(seen).toEqual([
      { moving: false, parked: true, gear: 'P' },
      { moving: false, parked: true, gear: 'P' }, // speedKmh became 0
      { moving: false, parked: false, gear: 'D' },
      { moving: true, parked: false, gear: 'D' },
    ]);
    expect(state.derived()).toMatchObject({ moving: true, speedKmh: 20, gear: 'D' });
    state.stop();
  });

  it('stop() leaves no timer and no subscription behind, and start() resumes', () => {
    const clock = new ManualClock(1_000_000);
    const updates = new Subject<SignalUpdate>();
    const state = createVehicleState(updates, { scheduler: clock, expectedCycleMs: new Map([[SPEED, 100], [GEAR, 100]]) });
    state.start();
    state.start(); // idempotent
    updates.next(up(SPEED, 5, 1000));
    updates.next(up(GEAR, 127, 1000));
    expect(updates.observed).toBe(true);
    expect(clock.pendingTimers).toBe(2);
    state.stop();
    expect(updates.observed).toBe(false);
    expect(clock.pendingTimers).toBe(0);
    const flips: VssSample[] = [];
    state.samples$.subscribe((s) => flips.push(s));
    clock.advanceBy(10_000);
    expect(flips).toEqual([]); // stopped: nothing goes stale
    state.start(); // overdue paths are re-armed and flip at once
    clock.advanceBy(0);
    expect(flips.map((s) => [s.path, s.stale])).toEqual([[SPEED, true], [GEAR, true]]);
    state.stop();
    expect(clock.pendingTimers).toBe(0);
  });

  it('a source error ends the subscription like stop(), keeping the samples', () => {
    const updates = new Subject<SignalUpdate>();
    const clock = new ManualClock();
    const errors: unknown[] = [];
    const state = createVehicleState(updates as Observable<SignalUpdate>, { scheduler: clock, expectedCycleMs: new Map([[SPEED, 100]]), onError: (e) => errors.push(e) });
    state.start();
    updates.next(up(SPEED, 5, 0));
    updates.error(new Error('bus gone'));
    expect(clock.pendingTimers).toBe(0);
    expect(errors).toEqual([new Error('bus gone')]);
    expect(state.get(SPEED)?.value).toBe(5);
  });
});
