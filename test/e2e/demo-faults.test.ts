import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

interface Replayed {
  readonly clock: ManualClock;
  readonly config: HomewardConfig;
  readonly sims: SimulatedDevices;
  readonly runtime: Runtime;
  readonly actions: ActionRecord[];
  readonly runs: RunInfo[];
  readonly errors: unknown[];
}

/** Replays the demo drive at 'max' and moves the device clock until every command has settled. */
async function replay(net: string, dryRun: boolean, sim: Parameters<typeof startOwnSimulators>[2]): Promise<Replayed> {
  const clock = new ManualClock();
  const config = await testConfig({ net });
  const sims = await startOwnSimulators(config.devices, clock, sim);
  const actions: ActionRecord[] = [];
  const runs: RunInfo[] = [];
  const errors: unknown[] = [];
  const runtime = await createRuntime(config, { speed: 'max', dryRun, scheduler: clock, simulate: false, services: NO_SERVICES, onUnexpectedError: (e) => errors.push(e) });
  runtime.actions$.subscribe((a) => actions.push(a));
  runtime.runs$.subscribe((r) => r.result !== 'running' && runs.push(r));
  await runtime.start();
  // The device clock moves while the log plays: a command in flight may hold the log's source.
  let idle = false;
  void runtime.sourceDone.then(() => runtime.idle()).then(() => (idle = true));
  // Virtual time is free: a generous bound lets a loaded machine read the log before it is reached.
  await driveUntil(clock, sims.devices, () => idle, 3_600_000);
  return { clock, config, sims, runtime, actions, runs, errors };
}

async function traceOf(runtime: Runtime, automation: string): Promise<RunInfo> {
  const [run] = await runtime.api.request('automation.runs', { automation, limit: 1 });
  expect(run, `a run of ${automation}`).toBeDefined();
  return runtime.api.request('run.trace', { run_id: run.run_id });
}

describe('a device that is offline or answers errors', () => {
  let r: Replayed;
  // The curtain's address has no simulator at all; the hallway light answers every request with an error.
  beforeAll(async () => {
    r = await replay('127.61.2', false, { skip: ['curtain'], state: START_STATE, faults: { hallway_light: { busy: 'error' } } });
  });
  afterAll(async () => {
    await r?.runtime.stop();
    await r?.sims.stop();
  });

  it('an offline device fails its step (no reply); HA semantics stop that run there', async () => {
    expect(r.errors).toEqual([]);
    const arrived = await traceOf(r.runtime, 'arrived_welcome');
    expect(arrived.result).toBe('error');
    const curtainStep = arrived.trace.find((t) => t.path === 'action/0');
    expect(curtainStep?.error?.message).toMatch(/curtain/);
    expect(JSON.stringify(curtainStep?.error)).toMatch(/timeout|did not settle|no (hello )?reply|unreachable/i);
    // The plug is the next step of the same run: never sent, so it stays off.
    expect(arrived.trace.some((t) => t.path === 'action/1')).toBe(false);
    expect(await readDevice(deviceConfig(r.config, 'plug'), ['power'])).toEqual({ power: false });
  });

  it('a device that answers errors fails its scene step; the scene\'s other device still acts', async () => {
    const eta = await traceOf(r.runtime, 'eta_prepare_home');
    expect(eta.result).toBe('error');
    expect(eta.trace.find((t) => t.path === 'action/0')?.error?.message).toMatch(/prepare_home/);
    expect(await readDevice(deviceConfig(r.config, 'purifier'), ['power', 'mode'])).toEqual({ power: true, mode: 'auto' });
  });

  it('the snapshot shows the offline device offline and the others online', async () => {
    await driveUntil(r.clock, r.sims.devices, () => r.runtime.api.snapshot().devices.find((d) => d.id === 'curtain')?.online === false);
    const online = Object.fromEntries(r.runtime.api.snapshot().devices.map((d) => [d.id, d.online]));
    expect(online).toMatchObject({ curtain: false, purifier: true, plug: true, vacuum: true, fan: true });
  });

  it('leaving: the vacuum starts although the light, the next step, answers errors', async () => {
    const left = await traceOf(r.runtime, 'left_tidy_up');
    expect(left.trace.find((t) => t.path === 'action/0')?.result).toMatchObject({ commands: [{ device: 'vacuum', ok: true }] });
    expect(left.trace.find((t) => t.path === 'action/1')?.error).toBeDefined();
    expect(await readDevice(deviceConfig(r.config, 'vacuum'), ['state'])).toEqual({ state: 'cleaning' });
  });

  it('every step sent, and only the faulty devices\' ones failed', () => {
    const outcome = r.actions.map((a) => `${a.result.device} ${a.result.method}: ${a.result.ok ? 'ok' : 'failed'}`).sort();
    expect(outcome).toEqual([
      'curtain set motor_control: failed',
      'hallway_light set power: failed', // left: lights off
      'hallway_light set power: failed', // two minutes out: hallway light on
      'purifier set mode: ok',
      'purifier set power: ok',
      'vacuum start: ok',
    ]);
  });
});

describe('--dry-run', () => {
  let r: Replayed;
  let before: Map<string, Record<string, unknown>>;
  beforeAll(async () => {
    r = await replay('127.61.3', true, { state: START_STATE });
    before = new Map(Object.entries(START_STATE));
  });
  afterAll(async () => {
    await r?.runtime.stop();
    await r?.sims.stop();
  });

  it('every action and run says dry_run, and none failed', () => {
    expect(r.errors).toEqual([]);
    expect(r.actions.length).toBeGreaterThan(0);
    for (const a of r.actions) expect(a.result, `${a.result.device} ${a.result.method}`).toMatchObject({ ok: true, dry_run: true });
    for (const run of r.runs) expect(run, run.automation).toMatchObject({ result: 'finished', dry_run: true });
    expect(r.runtime.api.snapshot().dry_run).toBe(true);
  });

  it('the devices keep their state, read over miIO and in the simulators\' memory', async () => {
    expect(await readDevice(deviceConfig(r.config, 'plug'), ['power'])).toEqual({ power: false });
    expect(await readDevice(deviceConfig(r.config, 'hallway_light'), ['power'])).toEqual({ power: false });
    expect(await readDevice(deviceConfig(r.config, 'purifier'), ['power', 'mode'])).toEqual({ power: false, mode: 'silent' });
    expect(await readDevice(deviceConfig(r.config, 'vacuum'), ['state'])).toEqual({ state: 'charging' });
    expect(await readDevice(deviceConfig(r.config, 'curtain'), ['target_position'])).toEqual({ target_position: 0 });
    for (const h of r.sims.devices) {
      const snapshot = h.device.snapshot();
      for (const [name, value] of Object.entries(before.get(h.name) ?? {})) expect(snapshot[name], `${h.name}.${name}`).toEqual(value);
    }
  });

  it('the API sends nothing either in dry run', async () => {
    await r.runtime.api.request('device.set', { device: 'plug', property: 'power', value: true });
    expect(await readDevice(deviceConfig(r.config, 'plug'), ['power'])).toEqual({ power: false });
  });

  it('all seven of the drive\'s steps were recorded, from three runs', () => {
    expect(r.actions).toHaveLength(7);
    expect(r.runs.map((run) => run.automation).sort()).toEqual(['arrived_welcome', 'eta_prepare_home', 'left_tidy_up']);
  });
});
