import { Subject } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRequest, REQUESTS, snapshotSchema, updateSchema, type Method, type RequestParams, type RequestResult, type Update } from '../../core/api/protocol.js';
import { ManualClock } from '../../core/base/manual-clock.js';
import type { HomewardConfig } from '../../core/runtime/config/schema.js';
import { createRuntime, type Runtime } from '../../core/runtime/create-runtime.js';
import type { SimulatedDevices } from '../../core/sim/start.js';
import type { SignalUpdate } from '../../core/vehicle/signal-updates.js';
import { driveUntil, NO_SERVICES, settle, startOwnSimulators, testConfig } from '../helpers/runtime-fixture.js';

// Issue 7 §2 / issue 8 §3: the runtime's one API, as every transport uses it: requests parsed by
// parseRequest, answered by runtime.api.request with the demo's devices simulated on loopback, and
// every answer, snapshot and update in the wire shapes of core/api/protocol.ts.

const T0_MS = 1_718_640_000_000;
let clock: ManualClock;
let config: HomewardConfig;
let sims: SimulatedDevices;
let runtime: Runtime;
const source = new Subject<SignalUpdate>();
const updates: Update[] = [];
const errors: unknown[] = [];

const push = (path: string, value: SignalUpdate['value']): void => source.next({ path, value, ts: clock.now() / 1000 });
const sim = (id: string) => sims.device(id)?.device.snapshot() ?? {};

/** A request as a transport makes it: parsed, answered, and the answer checked against its schema. */
async function call<M extends Method>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
  const parsed = parseRequest({ id: 7, method, params });
  if (!parsed.ok) throw new Error(`parseRequest refused ${method}: ${parsed.error.message}`);
  const result = await settle(clock, sims.devices, runtime.api.request(parsed.request.method, parsed.request.params as never));
  const checked = REQUESTS[method].result.safeParse(result);
  expect(checked.success, `${method} result: ${checked.error?.message ?? ''}`).toBe(true);
  return result as RequestResult<M>;
}

/** The error a request is answered with (what travels back: code and message). */
async function refusal<M extends Method>(method: M, params: RequestParams<M>): Promise<{ code: string; message: string }> {
  try {
    await call(method, params);
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  return expect.fail(`${method} was not refused`);
}

beforeAll(async () => {
  clock = new ManualClock(T0_MS);
  config = await testConfig({ net: '127.61.5', can: 'none', devices: (all) => all.map((d) => ({ ...d, simulate: false })) });
  sims = await startOwnSimulators(config.devices, clock, { state: { plug: { power: false } } });
  runtime = await createRuntime(config, { scheduler: clock, updates$: source, simulate: false, services: NO_SERVICES, onUnexpectedError: (e) => errors.push(e) });
  runtime.api.updates$.subscribe((u) => updates.push(u));
  await runtime.start();
  const home = config.home!;
  push('Vehicle.LowVoltageSystemState', 'OFF');
  push('Vehicle.Powertrain.Transmission.SelectedGear', 126);
  push('Vehicle.Speed', 0);
  push('Vehicle.CurrentLocation.Latitude', home.latitude);
  push('Vehicle.CurrentLocation.Longitude', home.longitude);
  push('Vehicle.CurrentLocation.HorizontalAccuracy', 4);
  push('Vehicle.LowVoltageSystemState', 'ON');
  await driveUntil(clock, sims.devices, () => runtime.api.snapshot().devices.every((d) => d.online === true));
});

afterAll(async () => {
  await runtime?.stop();
  await sims?.stop();
});

describe('the snapshot', () => {
  it('validates against snapshotSchema and survives JSON unchanged (no Node types)', () => {
    const snapshot = runtime.api.snapshot();
    const parsed = snapshotSchema.safeParse(snapshot);
    expect(parsed.success, parsed.error?.message).toBe(true);
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot.devices.map((d) => d.id)).toEqual(['purifier', 'hallway_light', 'plug', 'curtain', 'fan', 'vacuum']);
    expect(snapshot.vehicle.signals.find((s) => s.path === 'Vehicle.Speed')).toMatchObject({ value: 0, stale: false });
    expect(snapshot.vehicle.derived).toMatchObject({ ignition: 'on', gear: 'P', parked: true });
    expect(snapshot.events.map((e) => e.name)).toContain('vehicle.ignition_on');
    expect(snapshot.scenes.map((s) => s.id)).toEqual(['prepare_home', 'welcome_home', 'leave_home']);
    expect(snapshot.automations.map((a) => `${a.id}:${a.enabled}`)).toEqual(['eta_prepare_home:true', 'arrived_welcome:true', 'left_tidy_up:true', 'battery_low_notify:true']);
    expect(snapshot.home).toMatchObject({ name: 'Home', radius_m: 50 });
    expect(snapshot.dry_run).toBe(false);
  });

  it('never carries a device token', () => {
    const text = JSON.stringify(runtime.api.snapshot());
    for (const d of config.devices) expect(text).not.toContain(String(d.token));
  });
});

describe('requests with the simulated devices', () => {
  it('device.set reaches the device and the snapshot follows', async () => {
    expect(sim('plug').power).toBe(false);
    expect(await call('device.set', { device: 'plug', property: 'power', value: true })).toEqual({ ok: true });
    expect(sim('plug').power).toBe(true);
    await driveUntil(clock, sims.devices, () => runtime.api.snapshot().devices.find((d) => d.id === 'plug')?.values.power === true);
  });

  it('device.set with a value the property refuses, or an unknown device, is answered with an error', async () => {
    const bad = await refusal('device.set', { device: 'purifier', property: 'mode', value: 'turbo' });
    expect(bad.message).toMatch(/mode/);
    expect(sim('purifier').mode).toBe('auto');
    expect((await refusal('device.set', { device: 'toaster', property: 'power', value: true })).code).toBe('not_found');
    expect((await refusal('device.set', { device: 'plug', property: 'temperature', value: 3 })).message).toMatch(/temperature/);
  });

  it('device.action runs the action on the device', async () => {
    await call('device.action', { device: 'vacuum', action: 'start' });
    expect(sim('vacuum').state).toBe('cleaning');
    expect((await refusal('device.action', { device: 'vacuum', action: 'self_destruct' })).message).toMatch(/self_destruct/);
  });

  it('scene.run runs every step and reports each one', async () => {
    const run = await call('scene.run', { scene: 'welcome_home' });
    expect(run).toMatchObject({ scene: 'welcome_home', ok: true });
    expect(run.steps.map((s) => `${s.device} ${s.method} ${s.ok}`)).toEqual(['curtain set motor_control true', 'plug set power true']);
    expect(sim('curtain').target_position).toBe(100);
    expect((await refusal('scene.run', { scene: 'nope' })).code).toMatch(/not_found/);
  });

  it('automation.enable turns an automation off and on; the list shows it', async () => {
    expect(await call('automation.enable', { automation: 'arrived_welcome', enabled: false })).toMatchObject({ id: 'arrived_welcome', enabled: false });
    expect(runtime.api.snapshot().automations.find((a) => a.id === 'arrived_welcome')?.enabled).toBe(false);
    expect(await call('automation.enable', { automation: 'arrived_welcome', enabled: true })).toMatchObject({ enabled: true });
    expect((await refusal('automation.enable', { automation: 'nope', enabled: true })).code).toMatch(/not_found/);
  });

  it('automation.trigger runs it; automation.runs lists the run; run.trace gives its steps', async () => {
    await call('device.set', { device: 'hallway_light', property: 'power', value: true });
    const started = await call('automation.trigger', { automation: 'left_tidy_up' });
    expect(started).toMatchObject({ automation: 'left_tidy_up', trigger: { path: 'trigger', description: 'manual trigger' } });
    await settle(clock, sims.devices, runtime.idle());
    expect(sim('hallway_light').power).toBe(false);
    const [latest] = await call('automation.runs', { automation: 'left_tidy_up' });
    expect(latest).toMatchObject({ run_id: started.run_id, result: 'finished' });
    const trace = await call('run.trace', { run_id: started.run_id });
    expect(trace.trace.map((t) => t.path)).toEqual(expect.arrayContaining(['action/0', 'action/1']));
    expect(trace.trace.find((t) => t.path === 'action/1')?.result).toMatchObject({ commands: [{ device: 'hallway_light', method: 'set power', ok: true }] });
    expect((await refusal('run.trace', { run_id: 'no-such-run' })).code).toMatch(/not_found/);
  });

  it('history.events answers from memory without a store, newest first', async () => {
    push('Vehicle.Cabin.Door.Row1.DriverSide.IsOpen', false);
    push('Vehicle.Cabin.Door.Row1.DriverSide.IsOpen', true);
    const events = await call('history.events', { limit: 2 });
    expect(events.map((e) => e.name)).toEqual(['vehicle.door_opened', 'vehicle.ignition_on']);
    expect(await call('history.events', { before_ts: events[1].ts, limit: 10 })).toEqual([]);
    expect((await refusal('history.signals', { path: 'Vehicle.Speed', from_ts: 0, to_ts: 1 })).code).toBe('no_store');
  });
});

describe('updates$', () => {
  it('carries signals, vehicle, devices, events and runs, each in its wire shape', () => {
    const topics = new Set(updates.map((u) => u.topic));
    for (const topic of ['signals', 'vehicle', 'devices', 'events', 'runs'] as const) expect(topics, topic).toContain(topic);
    for (const u of updates) {
      const parsed = updateSchema.safeParse(u);
      expect(parsed.success, `${u.topic}: ${parsed.error?.message ?? ''}`).toBe(true);
    }
    expect(updates.some((u) => u.topic === 'events' && u.event.name === 'vehicle.door_opened')).toBe(true);
    expect(updates.some((u) => u.topic === 'runs' && u.run.automation === 'left_tidy_up' && u.run.result === 'finished')).toBe(true);
    expect(updates.some((u) => u.topic === 'devices' && u.device.id === 'hallway_light' && u.device.values.power === false)).toBe(true);
    expect(errors).toEqual([]);
  });
});

describe('parseRequest refuses bad requests before the runtime sees them', () => {
  const refused = (raw: unknown) => {
    const parsed = parseRequest(raw);
    expect(parsed.ok).toBe(false);
    return parsed.ok ? expect.fail('accepted') : parsed.error.code;
  };
  it.each([
    ['a missing value', { id: 1, method: 'device.set', params: { device: 'plug', property: 'power' } }, 'bad_params'],
    ['a value of the wrong type', { id: 1, method: 'device.set', params: { device: 'plug', property: 'power', value: { on: true } } }, 'bad_params'],
    ['an unknown key', { id: 1, method: 'device.action', params: { device: 'vacuum', action: 'start', force: true } }, 'bad_params'],
    ['an empty device id', { id: 1, method: 'device.action', params: { device: '', action: 'start' } }, 'bad_params'],
    ['too many args', { id: 1, method: 'device.action', params: { device: 'vacuum', action: 'goto', args: Array.from({ length: 17 }, () => 1) } }, 'bad_params'],
    ['a limit of 0', { id: 1, method: 'automation.runs', params: { limit: 0 } }, 'bad_params'],
    ['enabled as a string', { id: 1, method: 'automation.enable', params: { automation: 'x', enabled: 'yes' } }, 'bad_params'],
    ['an unknown method', { id: 1, method: 'device.format', params: {} }, 'unknown_method'],
    ['a method on the prototype', { id: 1, method: 'constructor', params: {} }, 'unknown_method'],
    ['no id', { method: 'snapshot' }, 'bad_message'],
    ['text that is not JSON', '{"id": 1, "method": ', 'bad_json'],
    ['text over the size limit', JSON.stringify({ id: 1, method: 'snapshot', params: { pad: 'x'.repeat(70_000) } }), 'too_large'],
  ])('%s', (_name, raw, code) => {
    expect(refused(raw)).toBe(code);
  });
});
