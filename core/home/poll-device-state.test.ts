import { Subscription } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { MiioClosedError, MiioTimeoutError } from '../miio/errors.js';
import { createDevice } from './create-device.js';
import { DeviceOptionsError } from './errors.js';
import type { DeviceState } from './poll-device-state.js';
import { createDummyCaller } from './testing/dummy-caller.js';

/** A chuangmi.plug.m1 answering get_prop from a wire-state table the test edits in virtual time. */
function plug(scheduler: TestScheduler, latencyMs = 0) {
  const wire: Record<string, unknown> = { power: 'on', temperature: 32 };
  const caller = createDummyCaller({ get_prop: (params) => (params as string[]).map((k) => wire[k] ?? null) }, scheduler, latencyMs);
  const device = createDevice({ model: 'chuangmi.plug.m1', caller, scheduler });
  const polls = () => caller.calls.filter((c) => c.method === 'get_prop').map((c) => c.atMs);
  return { wire, caller, device, polls };
}

const on = (values: DeviceState['values'], changed: string[], ts: number): DeviceState => ({ online: true, values, changed, ts, errors: {} });

function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

describe('state$ in virtual time (dummy caller)', () => {
  it('polls at once and every intervalMs, and emits only when a property changed', () => {
    const scheduler = testScheduler();
    const { wire, device, polls } = plug(scheduler, 10);
    scheduler.run(({ expectObservable }) => {
      scheduler.schedule(() => (wire.temperature = 35), 2500);
      scheduler.schedule(() => (wire.power = 'off'), 4200);
      expectObservable(device.state$(1000), '^ 5999ms !').toBe('10ms a 2999ms b 1999ms c', {
        a: on({ power: true, temperature: 32 }, ['power', 'temperature'], 10),
        b: on({ power: true, temperature: 35 }, ['temperature'], 3010),
        c: on({ power: false, temperature: 35 }, ['power'], 5010),
      });
    });
    expect(polls()).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
    expect(device.stats()).toEqual({ polls: 6, failedPolls: 0, skippedTicks: 0 });
  });

  it('goes offline after N consecutive failures without erroring, and back online on the next success', () => {
    const scheduler = testScheduler();
    const { wire, caller, device } = plug(scheduler);
    const timeout = new MiioTimeoutError('get_prop to 127.0.0.1:54321 did not settle within 2000 ms');
    scheduler.run(({ expectObservable }) => {
      scheduler.schedule(() => (caller.failWith = timeout), 1500); // polls at 2000, 3000, 4000 fail
      scheduler.schedule(() => (wire.power = 'off'), 4500);
      scheduler.schedule(() => (caller.failWith = undefined), 5500);
      expectObservable(device.state$({ intervalMs: 1000, offlineAfterFailures: 3 }), '^ 6999ms !').toBe('a 3999ms b 1999ms c', {
        a: on({ power: true, temperature: 32 }, ['power', 'temperature'], 0),
        b: { online: false, values: { power: true, temperature: 32 }, changed: [], ts: 4000, errors: {}, error: timeout.message },
        c: on({ power: false, temperature: 32 }, ['power'], 6000),
      });
    });
    expect(device.stats()).toMatchObject({ polls: 7, failedPolls: 4 });
  });

  it('stays online through N-1 failures, and flips back online even when nothing changed', () => {
    const scheduler = testScheduler();
    const { caller, device } = plug(scheduler);
    scheduler.run(({ expectObservable }) => {
      scheduler.schedule(() => (caller.failWith = new MiioTimeoutError('lost')), 500); // 1000, 2000 fail: 2 < 3
      scheduler.schedule(() => (caller.failWith = undefined), 2500); // 3000 succeeds: the count restarts
      scheduler.schedule(() => (caller.failWith = new MiioTimeoutError('lost')), 3500); // 4000, 5000, 6000 fail → offline at 6000
      scheduler.schedule(() => (caller.failWith = undefined), 6500);
      expectObservable(device.state$({ intervalMs: 1000, offlineAfterFailures: 3 }), '^ 7999ms !').toBe('a 5999ms b 999ms c', {
        a: on({ power: true, temperature: 32 }, ['power', 'temperature'], 0),
        b: { online: false, values: { power: true, temperature: 32 }, changed: [], ts: 6000, errors: {}, error: 'lost' },
        c: on({ power: true, temperature: 32 }, [], 7000),
      });
    });
  });

  it('with offlineAfterFailures 1 the first failure is offline; a device that never answers is offline from the start', () => {
    const scheduler = testScheduler();
    const { caller, device } = plug(scheduler);
    caller.failWith = new MiioTimeoutError('nobody home');
    scheduler.run(({ expectObservable }) => {
      expectObservable(device.state$({ intervalMs: 1000, offlineAfterFailures: 1 }), '^ 2999ms !').toBe('a', {
        a: { online: false, values: {}, changed: [], ts: 0, errors: {}, error: 'nobody home' },
      });
    });
  });

  it('never overlaps a poll: ticks during a slow poll are skipped and counted', () => {
    const scheduler = testScheduler();
    const { device, polls } = plug(scheduler, 2500);
    scheduler.run(({ expectObservable }) => {
      expectObservable(device.state$(1000), '^ 6999ms !').toBe('2500ms a', {
        a: on({ power: true, temperature: 32 }, ['power', 'temperature'], 2500),
      });
    });
    // Polls at 0 (→2500), 3000 (→5500), 6000 (cancelled at 7000); 1000, 2000, 4000, 5000 skipped.
    expect(polls()).toEqual([0, 3000, 6000]);
    expect(device.stats()).toEqual({ polls: 3, failedPolls: 0, skippedTicks: 4 });
  });

  it('is shared: two subscribers cause one poll a tick, a late one gets the last state, polling stops with the last', () => {
    const scheduler = testScheduler();
    const { device, polls } = plug(scheduler);
    const a = on({ power: true, temperature: 32 }, ['power', 'temperature'], 0);
    expect(device.state$(1000)).toBe(device.state$({ intervalMs: 1000 }));
    scheduler.run(({ expectObservable }) => {
      expectObservable(device.state$(1000), '^ 2999ms !').toBe('a', { a });
      expectObservable(device.state$({ intervalMs: 1000 }), '1500ms ^ 2999ms !').toBe('1500ms a', { a });
    });
    // One poll per tick while anyone listens (0…4000), none after the last subscriber left at 4500.
    expect(polls()).toEqual([0, 1000, 2000, 3000, 4000]);
  });

  it('teardown cancels the poll in flight and leaves no timer behind', () => {
    const scheduler = testScheduler();
    const { device, polls } = plug(scheduler, 2500);
    const seen: DeviceState[] = [];
    const subscription = new Subscription();
    scheduler.run(() => {
      subscription.add(device.state$(1000).subscribe((s) => seen.push(s)));
      scheduler.schedule(() => subscription.unsubscribe(), 1000);
    });
    expect(seen).toEqual([]);
    expect(polls()).toEqual([0]);
    expect(scheduler.actions).toHaveLength(0);
  });

  it('errors only when the client is closed for good; bad options throw at once', () => {
    const scheduler = testScheduler();
    const { caller, device } = plug(scheduler);
    const closed = new MiioClosedError();
    scheduler.run(({ expectObservable }) => {
      scheduler.schedule(() => (caller.failWith = closed), 1500);
      expectObservable(device.state$(1000)).toBe('a 1999ms #', { a: on({ power: true, temperature: 32 }, ['power', 'temperature'], 0) }, closed);
    });
    expect(() => device.state$(0)).toThrow(DeviceOptionsError);
    expect(() => device.state$({ intervalMs: 1000, offlineAfterFailures: 0 })).toThrow(DeviceOptionsError);
    expect(() => device.state$({ intervalMs: 1000, properties: ['voltage'] })).toThrow(/chuangmi-plug\.voltage: no such property/);
  });

  it('polls only the chosen properties, and keeps the last value of one the device stopped reporting', () => {
    const scheduler = testScheduler();
    const { wire, caller, device } = plug(scheduler);
    scheduler.run(({ expectObservable }) => {
      scheduler.schedule(() => (wire.temperature = null), 500);
      scheduler.schedule(() => (wire.power = 'off'), 1500);
      expectObservable(device.state$({ intervalMs: 1000, properties: ['temperature', 'power'] }), '^ 2999ms !').toBe('a 1999ms b', {
        a: on({ temperature: 32, power: true }, ['temperature', 'power'], 0),
        b: { online: true, values: { temperature: 32, power: false }, changed: ['power'], ts: 2000, errors: { temperature: 'get_prop answered null for "temperature"' } },
      });
    });
    expect(caller.calls[0].params).toEqual(['temperature', 'power']);
  });
});
