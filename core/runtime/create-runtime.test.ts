import { defer, of, Subject } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { snapshotSchema, type Update } from '../api/protocol.js';
import { ManualClock } from '../base/manual-clock.js';
import type { CarEvent } from '../vehicle/events/car-event.js';
import type { SignalUpdate } from '../vehicle/signal-updates.js';
import { parseConfigText } from './config/load-config.js';
import { memoryFiles } from './config/testing/memory-files.js';
import { createRuntime, type Runtime, type RuntimeDeps } from './create-runtime.js';

// The runtime without sockets (no devices, no services): the stream side in virtual time. Sockets,
// devices and the demo drive are in test/e2e/runtime-*.test.ts and demo-*.test.ts.

const HOME = { latitude: 48.1049, longitude: 11.4601 };
const CONFIG = `
home: {name: Home, latitude: ${HOME.latitude}, longitude: ${HOME.longitude}, radius_m: 50}
vehicle: {can: none}
storage: {enabled: false}
mqtt: {enabled: false}
web: {enabled: false}
automations:
  - id: ignition_later
    alias: Thirty seconds after the ignition, a notification
    triggers: [{trigger: event, event_type: vehicle.ignition_on}]
    actions:
      - delay: {seconds: 30}
      - notify: {title: Ignition, message: thirty seconds on}
`;
const T0_MS = 1_718_640_000_000;

let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

async function rig(deps: RuntimeDeps = {}) {
  const root = '/virtual/homeward';
  const files = memoryFiles(root, {});
  const { config } = await parseConfigText(CONFIG, `${root}/homeward.yaml`, { readFile: files.readFile, fileExists: files.fileExists, env: {}, homeDir: root });
  const clock = new ManualClock(T0_MS);
  const source = new Subject<SignalUpdate>();
  const errors: unknown[] = [];
  runtime = await createRuntime(config, { scheduler: clock, updates$: source, onUnexpectedError: (e) => errors.push(e), ...deps });
  const events: CarEvent[] = [];
  const updates: Update[] = [];
  // A client's subscriptions: released before stop() where a test checks the source is released.
  const watching = runtime.events$.subscribe((e) => events.push(e));
  watching.add(runtime.api.updates$.subscribe((u) => updates.push(u)));
  const push = (path: string, value: SignalUpdate['value']): void => source.next({ path, value, ts: clock.now() / 1000 });
  return { runtime, clock, source, errors, events, updates, push, watching };
}

describe('createRuntime in virtual time', () => {
  it('stop() cancels a run waiting in a delay and leaves no timer and no source subscription', async () => {
    const r = await rig();
    await r.runtime.start();
    expect(r.source.observed).toBe(true);
    r.push('Vehicle.LowVoltageSystemState', 'OFF');
    r.push('Vehicle.LowVoltageSystemState', 'ON');
    expect(r.events.map((e) => e.name)).toEqual(['vehicle.ignition_on']);
    const [run] = await r.runtime.api.request('automation.runs', { limit: 5 });
    expect(run).toMatchObject({ automation: 'ignition_later', result: 'running' });
    expect(r.clock.pendingTimers).toBeGreaterThan(0);

    r.watching.unsubscribe();
    await r.runtime.stop();
    expect(r.clock.pendingTimers).toBe(0);
    expect(r.source.observed).toBe(false);
    const [after] = await r.runtime.api.request('automation.runs', { limit: 5 });
    expect(after.result).toBe('cancelled');
    expect(r.errors).toEqual([]);
  });

  it('a delay runs on the injected scheduler: nothing until 30 virtual seconds have passed', async () => {
    const r = await rig();
    await r.runtime.start();
    r.push('Vehicle.LowVoltageSystemState', 'OFF');
    r.push('Vehicle.LowVoltageSystemState', 'ON');
    r.clock.advanceBy(29_999);
    await Promise.resolve();
    expect(r.runtime.api.snapshot().notifications).toEqual([]);
    r.clock.advanceBy(1);
    await Promise.resolve();
    expect(r.runtime.api.snapshot().notifications).toMatchObject([{ title: 'Ignition', message: 'thirty seconds on', ts: (T0_MS + 30_000) / 1000 }]);
    const [run] = await r.runtime.api.request('automation.runs', { limit: 1 });
    expect(run).toMatchObject({ result: 'finished', end_ts: (T0_MS + 30_000) / 1000 });
    expect(r.updates.some((u) => u.topic === 'notifications')).toBe(true);
  });

  it('a car that starts parked at home is home, and deciding so emits nothing', async () => {
    const r = await rig();
    await r.runtime.start();
    r.push('Vehicle.LowVoltageSystemState', 'OFF');
    r.push('Vehicle.Powertrain.Transmission.SelectedGear', 126);
    for (let s = 0; s < 120; s += 1) {
      r.push('Vehicle.Speed', 0);
      r.push('Vehicle.CurrentLocation.Latitude', HOME.latitude + (s % 3) * 0.00002);
      r.push('Vehicle.CurrentLocation.Longitude', HOME.longitude);
      r.push('Vehicle.CurrentLocation.HorizontalAccuracy', 5);
      r.clock.advanceBy(1000);
    }
    expect(r.events).toEqual([]);
    const snapshot = r.runtime.api.snapshot();
    expect(snapshot.vehicle.presence.state).toBe('home');
    expect(snapshot.vehicle.derived).toMatchObject({ parked: true, gear: 'P', ignition: 'off' });
    expect(snapshotSchema.safeParse(snapshot).success).toBe(true);
  });

  it('dry run shows in the snapshot and marks every run', async () => {
    const r = await rig({ dryRun: true });
    await r.runtime.start();
    expect(r.runtime.api.snapshot().dry_run).toBe(true);
    const run = await r.runtime.api.request('automation.trigger', { automation: 'ignition_later', skip_condition: true });
    expect(run.dry_run).toBe(true);
  });

  it('commands to a device the config does not have are refused with not_found', async () => {
    const r = await rig();
    await r.runtime.start();
    await expect(r.runtime.api.request('device.set', { device: 'toaster', property: 'power', value: true })).rejects.toMatchObject({ code: 'not_found' });
    await expect(r.runtime.api.request('run.trace', { run_id: 'x' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(r.runtime.api.request('automation.trigger', { automation: 'nope', skip_condition: true })).rejects.toThrow(/nope/);
  });

  it('the signal updates reach the snapshot and updates$ as wire signals', async () => {
    const r = await rig();
    await r.runtime.start();
    r.push('Vehicle.Speed', 42.5);
    expect(r.runtime.api.snapshot().vehicle.signals).toEqual([{ path: 'Vehicle.Speed', value: 42.5, ts: T0_MS / 1000, stale: false }]);
    expect(r.updates.filter((u) => u.topic === 'signals')).toEqual([{ topic: 'signals', signals: [{ path: 'Vehicle.Speed', value: 42.5, ts: T0_MS / 1000, stale: false }] }]);
    expect(r.updates.some((u) => u.topic === 'vehicle' && u.derived.speed_kmh === 42.5)).toBe(true);
  });
});

describe('createRuntime on a log at --speed max', () => {
  it('plays the log once, from start(), even when a client listens to events$ before start()', async () => {
    const root = '/virtual/homeward';
    const files = memoryFiles(root, {});
    const { config } = await parseConfigText(CONFIG, `${root}/homeward.yaml`, { readFile: files.readFile, fileExists: files.fileExists, env: {}, homeDir: root });
    let plays = 0;
    const errors: unknown[] = [];
    const log$ = defer(() => {
      plays += 1;
      const updates: SignalUpdate[] = [{ path: 'Vehicle.Speed', value: 10, ts: T0_MS / 1000 }, { path: 'Vehicle.Speed', value: 20, ts: T0_MS / 1000 + 5 }];
      return of(...updates);
    });
    runtime = await createRuntime(config, { speed: 'max', updates$: log$, onUnexpectedError: (e) => errors.push(e) });
    const seen: number[] = [];
    runtime.events$.subscribe(); // a client (the CLI's replay, a test) listening before start()
    const clock = runtime.scheduler;
    runtime.vehicle.samples$.subscribe(() => seen.push(clock.now()));
    expect(plays).toBe(0);
    await runtime.start();
    await runtime.sourceDone;
    expect(plays).toBe(1);
    // Log time reached every consumer: the clock moved with the frames, not before them.
    expect(seen.at(-1)).toBe(T0_MS + 5000);
    expect(errors).toEqual([]);
  });
});
