import { afterEach, describe, expect, it } from 'vitest';
import type { RunInfo } from '../../core/api/protocol.js';
import type { ActionRecord } from '../../core/automation/create-automation-engine.js';
import { ManualClock } from '../../core/base/manual-clock.js';
import type { HomewardConfig } from '../../core/runtime/config/schema.js';
import { createRuntime, type Runtime } from '../../core/runtime/create-runtime.js';
import type { SimulatedDevices } from '../../core/sim/start.js';
import { deviceConfig, driveUntil, NO_SERVICES, readDevice, startOwnSimulators, testConfig } from '../helpers/runtime-fixture.js';

// Issue 8: a device that is offline or answers errors fails its own step in the trace; the other
// devices still act. And --dry-run sends nothing. The devices here are our own simulators (so a test
// can give them faults and a starting state), on a ManualClock the runtime's device side shares:
// timeouts and polls run in virtual time, moved only while the loopback sockets are idle.

/** The simulators start with what the automations will change: plug, light and purifier off. */
const START_STATE: Record<string, Record<string, boolean | number | string>> = {
  plug: { power: false },
  hallway_light: { power: false },
  purifier: { power: false, mode: 'silent' },
};

let runtime: Runtime | undefined;
let sims: SimulatedDevices | undefined;

afterEach(async () => {
  await runtime?.stop();
  await sims?.stop();
  runtime = undefined;
  sims = undefined;
});

/** Replays the demo drive at 'max' and moves the device clock until every command has settled. */
async function replay(config: HomewardConfig, home: SimulatedDevices, clock: ManualClock, dryRun: boolean): Promise<{ actions: ActionRecord[]; runs: RunInfo[] }> {
  const actions: ActionRecord[] = [];
  const runs: RunInfo[] = [];
  const errors: unknown[] = [];
  runtime = await createRuntime(config, { speed: 'max', dryRun, scheduler: clock, simulate: false, services: NO_SERVICES, onUnexpectedError: (e) => errors.push(e) });
  runtime.actions$.subscribe((a) => actions.push(a));
  runtime.runs$.subscribe((r) => r.result !== 'running' && runs.push(r));
  await runtime.start();
  // The device clock moves while the log plays: a command in flight may hold the log's source.
  let idle = false;
  const r = runtime;
  void r.sourceDone.then(() => r.idle()).then(() => (idle = true));
  await driveUntil(clock, home.devices, () => idle);
  expect(errors).toEqual([]);
  return { actions, runs };
}

async function traceOf(automation: string): Promise<RunInfo> {
  const [run] = await runtime!.api.request('automation.runs', { automation, limit: 1 });
  expect(run, `a run of ${automation}`).toBeDefined();
  return runtime!.api.request('run.trace', { run_id: run.run_id });
}

describe('a device that is offline or answers errors', () => {
  it('fails its own step in the trace; the other devices still act', async () => {
    const clock = new ManualClock();
    // The curtain's address has no simulator at all; the hallway light answers every request with an error.
    const config = await testConfig({ net: '127.61.2' });
    sims = await startOwnSimulators(config.devices, clock, { skip: ['curtain'], state: START_STATE, faults: { hallway_light: { busy: 'error' } } });
    const { actions } = await replay(config, sims, clock, false);

    const outcome = actions.map((a) => `${a.result.device} ${a.result.method}: ${a.result.ok ? 'ok' : 'failed'}`).sort();
    expect(outcome).toEqual([
      'curtain set motor_control: failed',
      'hallway_light set power: failed', // left: lights off
      'hallway_light set power: failed', // two minutes out: hallway light on
      'purifier set mode: ok',
      'purifier set power: ok',
      'vacuum start: ok',
    ]);

    // The purifier's steps in the same scene as the failing light went through; so did the vacuum's.
    expect(await readDevice(deviceConfig(config, 'purifier'), ['power', 'mode'])).toEqual({ power: true, mode: 'auto' });
    expect(await readDevice(deviceConfig(config, 'vacuum'), ['state'])).toEqual({ state: 'cleaning' });

    // Arrival: the curtain's step fails with the device's error; HA semantics stop the run there, so
    // the plug (the next step) is never sent: it stays off.
    const arrived = await traceOf('arrived_welcome');
    expect(arrived.result).toBe('error');
    const curtainStep = arrived.trace.find((t) => t.path === 'action/0');
    expect(curtainStep?.error?.message).toMatch(/curtain/);
    expect(JSON.stringify(curtainStep)).toMatch(/timeout|did not settle|no reply/i);
    expect(arrived.trace.some((t) => t.path === 'action/1')).toBe(false);
    expect(await readDevice(deviceConfig(config, 'plug'), ['power'])).toEqual({ power: false });

    // The scene: the light's step failed, the purifier's two steps ran; the step names the scene.
    const eta = await traceOf('eta_prepare_home');
    expect(eta.result).toBe('error');
    const sceneStep = eta.trace.find((t) => t.path === 'action/0');
    expect(sceneStep?.error?.message).toMatch(/prepare_home/);

    // Leaving: the vacuum (action/0) started; the light (action/1) failed with the device's answer.
    const left = await traceOf('left_tidy_up');
    expect(left.trace.find((t) => t.path === 'action/0')?.result).toMatchObject({ commands: [{ device: 'vacuum', ok: true }] });
    expect(left.trace.find((t) => t.path === 'action/1')?.error).toBeDefined();

    // The offline curtain shows so once its polls have failed; the others stay online.
    await driveUntil(clock, sims.devices, () => runtime!.api.snapshot().devices.find((d) => d.id === 'curtain')?.online === false);
    const online = Object.fromEntries(runtime!.api.snapshot().devices.map((d) => [d.id, d.online]));
    expect(online).toMatchObject({ curtain: false, purifier: true, plug: true, vacuum: true, fan: true });
  });
});

describe('--dry-run', () => {
  it('sends nothing: the devices keep their state; every action says dry_run', async () => {
    const clock = new ManualClock();
    const config = await testConfig({ net: '127.61.3' });
    sims = await startOwnSimulators(config.devices, clock, { state: START_STATE });
    const before = new Map(sims.devices.map((h) => [h.name, h.device.snapshot()]));
    const { actions, runs } = await replay(config, sims, clock, true);

    expect(actions).toHaveLength(7);
    for (const a of actions) expect(a.result, `${a.result.device} ${a.result.method}`).toMatchObject({ ok: true, dry_run: true });
    expect(runs.map((r) => `${r.automation}:${r.result}:${r.dry_run}`).sort()).toEqual([
      'arrived_welcome:finished:true', 'eta_prepare_home:finished:true', 'left_tidy_up:finished:true',
    ]);
    expect(runtime!.api.snapshot().dry_run).toBe(true);

    // The devices' own state, over miIO: as they started.
    expect(await readDevice(deviceConfig(config, 'plug'), ['power'])).toEqual({ power: false });
    expect(await readDevice(deviceConfig(config, 'hallway_light'), ['power'])).toEqual({ power: false });
    expect(await readDevice(deviceConfig(config, 'purifier'), ['power', 'mode'])).toEqual({ power: false, mode: 'silent' });
    expect(await readDevice(deviceConfig(config, 'vacuum'), ['state'])).toEqual({ state: 'charging' });
    expect(await readDevice(deviceConfig(config, 'curtain'), ['target_position'])).toEqual({ target_position: 0 });
    // And in the simulators' own memory: no writable property changed.
    for (const h of sims.devices) {
      const was = before.get(h.name) ?? {};
      const now = h.device.snapshot();
      for (const p of h.family.properties.filter((p) => p.writable)) expect(now[p.name], `${h.name}.${p.name}`).toEqual(was[p.name]);
    }
    // The dashboard's API refuses nothing in dry run, and sends nothing either.
    await runtime!.api.request('device.set', { device: 'plug', property: 'power', value: true });
    expect(await readDevice(deviceConfig(config, 'plug'), ['power'])).toEqual({ power: false });
  });
});
