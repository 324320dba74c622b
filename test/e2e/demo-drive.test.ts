import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunInfo } from '../../core/api/protocol.js';
import { runSchema } from '../../core/api/protocol.js';
import type { ActionRecord } from '../../core/automation/create-automation-engine.js';
import type { HomewardConfig } from '../../core/runtime/config/schema.js';
import { createRuntime, type Runtime } from '../../core/runtime/create-runtime.js';
import type { CarEvent } from '../../core/vehicle/events/car-event.js';
import { deviceConfig, gatedDemoDrive, NO_SERVICES, readDevice, resourceCount, setDevice, testConfig } from '../helpers/runtime-fixture.js';

// Issue 8's end to end: the demo drive (a candump log) through the runtime at 'max', not dry-run,
// with the demo config's simulated devices started by the runtime on loopback. What counts is the
// devices' own state, read back over miIO by a client of our own, and the automations' traces.

describe('the demo drive through the runtime, on loopback', () => {
  let config: HomewardConfig;
  let runtime: Runtime;
  const events: CarEvent[] = [];
  const actions: ActionRecord[] = [];
  const errors: unknown[] = [];
  const baseline = { udp: 0, timers: 0 };

  beforeAll(async () => {
    baseline.udp = await resourceCount('UDPWrap');
    baseline.timers = await resourceCount('Timeout');
    config = await testConfig({ net: '127.61.1' });
    // Before the first frame, a starting state the automations must change (the simulators start
    // with everything on): plug and hallway light off, purifier off and silent.
    const before = async (): Promise<void> => {
      await setDevice(deviceConfig(config, 'plug'), { power: false });
      await setDevice(deviceConfig(config, 'hallway_light'), { power: false });
      await setDevice(deviceConfig(config, 'purifier'), { power: false, mode: 'silent' });
      const start = await readDevice(deviceConfig(config, 'plug'), ['power']);
      expect(start.power).toBe(false);
    };
    runtime = await createRuntime(config, { speed: 'max', frames$: gatedDemoDrive(before), services: NO_SERVICES, onUnexpectedError: (e) => errors.push(e) });
    runtime.events$.subscribe((e) => events.push(e));
    runtime.actions$.subscribe((a) => actions.push(a));
    await runtime.start();
    await runtime.sourceDone;
    await runtime.idle();
  });

  afterAll(async () => {
    await runtime?.stop();
  });

  it('replays the whole drive: every frame decoded, the car leaves, comes back and parks', () => {
    expect(errors).toEqual([]);
    expect(runtime.counters.frames).toBe(30408);
    expect(runtime.counters.decodeErrors).toBe(0);
    const names = events.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['home.left', 'home.approaching', 'vehicle.parked', 'home.arrived']));
    expect(names.filter((n) => n === 'home.arrived')).toHaveLength(1);
    expect(names.filter((n) => n === 'home.left')).toHaveLength(1);
    expect(names.indexOf('home.left')).toBeLessThan(names.indexOf('home.arrived'));
  });

  it('every device step was really sent and answered ok (no dry run)', () => {
    expect(actions.map((a) => `${a.automation}: ${a.result.device} ${a.result.method}`).sort()).toEqual([
      'arrived_welcome: curtain set motor_control',
      'arrived_welcome: plug set power',
      'eta_prepare_home: hallway_light set power',
      'eta_prepare_home: purifier set mode',
      'eta_prepare_home: purifier set power',
      'left_tidy_up: hallway_light set power',
      'left_tidy_up: vacuum start',
    ]);
    for (const a of actions) expect(a.result, `${a.result.device} ${a.result.method}`).toMatchObject({ ok: true });
    for (const a of actions) expect(a.result.dry_run).toBeUndefined();
  });

  it('the curtain really opened and the plug is on (read back over miIO)', async () => {
    const curtain = await readDevice(deviceConfig(config, 'curtain'), ['target_position', 'status', 'current_position']);
    expect(curtain.target_position).toBe(100);
    expect(['opening', 'stopped']).toContain(curtain.status);
    if (curtain.status === 'stopped') expect(curtain.current_position).toBe(100);
    const plug = await readDevice(deviceConfig(config, 'plug'), ['power']);
    expect(plug.power).toBe(true);
  });

  it('the vacuum started after leaving, the purifier is in auto, the hallway light on again', async () => {
    const vacuum = await readDevice(deviceConfig(config, 'vacuum'), ['state', 'in_cleaning']);
    expect(vacuum).toMatchObject({ state: 'cleaning', in_cleaning: true });
    const purifier = await readDevice(deviceConfig(config, 'purifier'), ['power', 'mode']);
    expect(purifier).toMatchObject({ power: true, mode: 'auto' });
    // Off when the car left, on again two minutes before it came back.
    const light = await readDevice(deviceConfig(config, 'hallway_light'), ['power']);
    expect(light.power).toBe(true);
  });

  it('each automation ran once, finished, with its trigger path and evidence', async () => {
    const runs = await runtime.api.request('automation.runs', { limit: 50 });
    const byAutomation = new Map(runs.map((r) => [r.automation, r]));
    expect([...byAutomation.keys()].sort()).toEqual(['arrived_welcome', 'eta_prepare_home', 'left_tidy_up']);
    expect(runs).toHaveLength(3);
    for (const run of runs) expect(run).toMatchObject({ result: 'finished', trigger: { path: 'trigger/0' } });
    expect(byAutomation.get('arrived_welcome')?.trigger.evidence).toMatchObject({ event: 'home.arrived' });
    const eta = byAutomation.get('eta_prepare_home')?.trigger.evidence ?? {};
    expect(Number(eta.eta_s)).toBeLessThanOrEqual(120);
  });

  it('the house is prepared a minute or more before the car arrives (ETA-driven, issue 8)', async () => {
    const arrived = events.find((e) => e.name === 'home.arrived');
    const [eta] = await runtime.api.request('automation.runs', { automation: 'eta_prepare_home', limit: 1 });
    expect(arrived && eta).toBeTruthy();
    expect((arrived?.ts ?? 0) - eta.ts).toBeGreaterThanOrEqual(60);
  });

  it('run.trace gives each step its path and its result', async () => {
    const [arrived] = await runtime.api.request('automation.runs', { automation: 'arrived_welcome', limit: 1 });
    const trace: RunInfo = await runtime.api.request('run.trace', { run_id: arrived.run_id });
    expect(runSchema.safeParse(trace).success).toBe(true);
    const steps = new Map(trace.trace.map((t) => [t.path, t]));
    expect(trace.trigger).toMatchObject({ path: 'trigger/0', description: 'event home.arrived', evidence: { event: 'home.arrived', gear: 'P' } });
    expect(Number(trace.trigger.evidence?.distance_m)).toBeLessThan(50);
    expect(steps.get('trigger/0')?.result).toMatchObject({ evidence: { event: 'home.arrived' } });
    expect([...steps.keys()]).toEqual(expect.arrayContaining(['trigger/0', 'action/0', 'action/1']));
    expect(steps.get('action/0')?.result).toMatchObject({ commands: [{ device: 'curtain', method: 'set motor_control', params: 'open', ok: true }] });
    expect(steps.get('action/1')?.result).toMatchObject({ commands: [{ device: 'plug', method: 'set power', params: true, ok: true }] });
    for (const t of trace.trace) {
      expect(t.error, t.path).toBeUndefined();
      expect(t.end_ts, t.path).not.toBeNull();
    }
    const [left] = await runtime.api.request('automation.runs', { automation: 'left_tidy_up', limit: 1 });
    const leftTrace = await runtime.api.request('run.trace', { run_id: left.run_id });
    expect(leftTrace.trace.find((t) => t.path === 'action/0')?.result).toMatchObject({ commands: [{ device: 'vacuum', method: 'start', ok: true }] });
  });

  it('the snapshot shows every device online with the state it was left in', () => {
    const snapshot = runtime.api.snapshot();
    expect(snapshot.devices.map((d) => `${d.id}:${d.online}`)).toEqual(config.devices.map((d) => `${d.id}:true`));
    expect(snapshot.vehicle.presence.state).toBe('home');
    expect(snapshot.devices.find((d) => d.id === 'plug')?.values.power).toBe(true);
  });

  // Last: on the wall clock, the runtime's polls are real timers and its simulators real sockets.
  it('stop() closes the six simulators, the six clients and every poll timer', async () => {
    expect(await resourceCount('UDPWrap')).toBeGreaterThanOrEqual(baseline.udp + 12);
    await runtime.stop();
    expect(await resourceCount('UDPWrap')).toBe(baseline.udp);
    expect(await resourceCount('Timeout')).toBeLessThanOrEqual(baseline.timers);
  });
});
