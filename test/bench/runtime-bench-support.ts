import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { lastValueFrom, reduce } from 'rxjs';
import { replayUpdates } from '../../core/cli/replay-updates.js';
import { createDbcCodec } from '../../core/dbc/codec.js';
import { loadDbcFile } from '../../core/dbc/load-dbc-file.js';
import { loadConfig } from '../../core/runtime/config/load-config.js';
import type { HomewardConfig } from '../../core/runtime/config/schema.js';
import { createRuntime, type RuntimeDeps } from '../../core/runtime/create-runtime.js';
import { bindVssMapping } from '../../core/vehicle/bind-vss-mapping.js';
import { demoDriveLogPath, homewardEvDbcPath, homewardEvVssMappingPath } from '../../core/vehicle/demo/paths.js';
import { createSignalUpdateCounters } from '../../core/vehicle/signal-updates.js';
import { loadVssMappingFile } from '../../core/vehicle/vss-mapping.js';

/** The demo's home (config/demo.yaml): where the demo drive starts and ends. */
export const DEMO_HOME = { name: 'Home', latitude: 48.1049, longitude: 11.4601, radius_m: 50, approach_radius_m: 2000 };

/** The demo's six device ids and models, the ones the automations below act on. */
export const DEMO_DEVICES = [
  { id: 'purifier', model: 'zhimi.airp.mb4a' },
  { id: 'hallway_light', model: 'yeelink.light.color1' },
  { id: 'plug', model: 'chuangmi.plug.m1' },
  { id: 'curtain', model: 'lumi.curtain.hagl05' },
  { id: 'fan', model: 'dmaker.fan.p10' },
  { id: 'vacuum', model: 'roborock.vacuum.s5' },
] as const;

export interface BenchDevice {
  id: string;
  model: string;
  host: string;
  port?: number;
  token: string;
  poll_interval_s?: number;
}

/** The demo devices on loopback addresses nobody answers on, polled once an hour (dry-run benches). */
export function unreachableDemoDevices(): BenchDevice[] {
  return DEMO_DEVICES.map((d, i) => ({ ...d, host: `127.0.0.${i + 2}`, token: `badc0ffee0000000000000000000000${i + 1}`, poll_interval_s: 3600 }));
}

export const DEMO_SCENES = [
  { id: 'prepare_home', steps: [{ device: 'purifier', set: { power: true, mode: 'auto' } }, { device: 'hallway_light', set: { power: true } }] },
  { id: 'welcome_home', steps: [{ device: 'curtain', set: { motor_control: 'open' } }, { device: 'plug', set: { power: true } }] },
  { id: 'leave_home', steps: [{ device: 'vacuum', action: 'start' }, { device: 'hallway_light', set: { power: false } }] },
];

/** The demo's four automations (config/automations.yaml). */
export function demoAutomations(): unknown[] {
  return [
    { id: 'eta_prepare_home', triggers: [{ trigger: 'eta', below_s: 120 }], actions: [{ scene: 'prepare_home' }] },
    { id: 'arrived_welcome', triggers: [{ trigger: 'event', event_type: 'home.arrived' }], actions: [{ device: 'curtain', set: { motor_control: 'open' } }, { device: 'plug', set: { power: true } }] },
    { id: 'left_tidy_up', triggers: [{ trigger: 'event', event_type: 'home.left' }], actions: [{ device: 'vacuum', action: 'start' }, { device: 'hallway_light', set: { power: false } }] },
    { id: 'battery_low_notify', triggers: [{ trigger: 'event', event_type: 'vehicle.battery_low' }], actions: [{ notify: { title: 'Battery low', message: 'plan a charge', level: 'warning' } }] },
  ];
}

/**
 * `count` automations (≥ 4): the demo's four, then a mix that watches the signal path on every
 * update (numeric_state and state triggers on VSS paths with `for`, conditions on paths and the
 * vehicle's state, choose, delay), as a real home's list would.
 */
export function manyAutomations(count: number): unknown[] {
  const all = demoAutomations();
  const kinds: ((i: number) => unknown)[] = [
    (i) => ({ id: `fast_${i}`, max_exceeded: 'silent', triggers: [{ trigger: 'numeric_state', path: 'Vehicle.Speed', above: 40 + i }], conditions: [{ condition: 'vehicle', state: 'moving' }], actions: [{ device: 'fan', set: { power: true } }] }),
    (i) => ({ id: `soc_${i}`, triggers: [{ trigger: 'numeric_state', path: 'Vehicle.Powertrain.TractionBattery.StateOfCharge.Current', below: 60 - i }], actions: [{ notify: { title: 'SoC', message: `below ${60 - i}`, level: 'info' } }] }),
    (i) => ({ id: `gear_${i}`, triggers: [{ trigger: 'state', path: 'Vehicle.Powertrain.Transmission.SelectedGear', to: 126, for: 2 }], conditions: [{ condition: 'numeric_state', path: 'Vehicle.Speed', below: 1 }], actions: [{ delay: 1 }, { device: 'hallway_light', set: { power: true } }] }),
    (i) => ({ id: `event_${i}`, mode: 'queued', triggers: [{ trigger: 'event', event_type: ['vehicle.ignition_on', 'vehicle.ignition_off', 'vehicle.parked', 'vehicle.door_opened'][i % 4] }], actions: [{ choose: [{ conditions: [{ condition: 'vehicle', state: 'parked' }], sequence: [{ device: 'plug', set: { power: true } }] }], default: [{ device: 'plug', set: { power: false } }] }] }),
    (i) => ({ id: `temp_${i}`, triggers: [{ trigger: 'numeric_state', path: 'Vehicle.Exterior.AirTemperature', above: 10 + i, for: 5 }], actions: [{ device: 'purifier', set: { mode: 'auto' } }] }),
  ];
  for (let i = 0; all.length < count; i++) all.push(kinds[i % kinds.length](i));
  return all;
}

export interface BenchConfigInput {
  can: string;
  speed?: number;
  devices?: BenchDevice[];
  automations?: unknown[];
  scenes?: unknown[];
  /** Keys of `storage:` besides `enabled: false` (the benches turn the store on by service option). */
  storage?: Record<string, unknown>;
}

/** A validated config written to `dir` (JSON is YAML) and loaded as the CLI loads one; services off. */
export async function benchConfig(dir: string, input: BenchConfigInput): Promise<HomewardConfig> {
  const doc = {
    home: DEMO_HOME,
    vehicle: { can: input.can, dbc: homewardEvDbcPath(), mapping: homewardEvVssMappingPath(), speed: input.speed ?? 1 },
    devices: input.devices ?? unreachableDemoDevices(),
    scenes: input.scenes ?? DEMO_SCENES,
    automations: input.automations ?? demoAutomations(),
    storage: { enabled: false, ...input.storage },
    mqtt: { enabled: false },
    web: { enabled: false },
  };
  const file = path.join(dir, `bench-${Math.random().toString(36).slice(2, 8)}.yaml`);
  writeFileSync(file, JSON.stringify(doc, null, 1));
  return (await loadConfig(file)).config;
}

/** The demo drive `copies` times over, each copy's timestamps after the last one's (a longer drive). */
export function writeLongDemoLog(file: string, copies: number): number {
  const lines = readFileSync(demoDriveLogPath(), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const ts = (line: string): number => Number(line.slice(1, line.indexOf(')')));
  const spanS = Math.ceil(ts(lines[lines.length - 1]) - ts(lines[0]) + 1);
  const out: string[] = [];
  for (let copy = 0; copy < copies; copy++) {
    for (const line of lines) {
      const close = line.indexOf(')');
      const [seconds, micros] = line.slice(1, close).split('.');
      out.push(`(${Number(seconds) + copy * spanS}.${micros})${line.slice(close + 1)}`);
    }
  }
  writeFileSync(file, `${out.join('\n')}\n`);
  return out.length;
}

export interface ReplayFigures {
  frames: number;
  updates: number;
  events: number;
  runs: number;
  actions: number;
  ms: number;
}

/** One whole replay through createRuntime, as `homeward replay --speed max` runs it (start to stop). */
export async function replayThroughRuntime(config: HomewardConfig, deps: RuntimeDeps = {}): Promise<ReplayFigures> {
  const start = performance.now();
  const runtime = await createRuntime(config, { speed: 'max', dryRun: true, simulate: false, services: { store: false, mqtt: false, web: false }, ...deps });
  let events = 0;
  let runs = 0;
  let actions = 0;
  const subs = [
    runtime.events$.subscribe(() => events++),
    runtime.runs$.subscribe((r) => r.result !== 'running' && runs++),
    runtime.actions$.subscribe(() => actions++),
  ];
  try {
    await runtime.start();
    await runtime.sourceDone;
    await runtime.idle();
  } finally {
    for (const s of subs) s.unsubscribe();
    await runtime.stop();
  }
  const c = runtime.counters;
  if (c.decodeErrors > 0) throw new Error(`${c.decodeErrors} decode errors in the replay`);
  return { frames: c.frames, updates: c.updates, events, runs, actions, ms: performance.now() - start };
}

/** The bare decode path without the runtime: readCandumpLog → frames → decode → VSS updates at 'max'. */
export async function bareDecode(file: string): Promise<ReplayFigures> {
  const start = performance.now();
  const db = loadDbcFile(homewardEvDbcPath());
  const bound = bindVssMapping(await loadVssMappingFile(homewardEvVssMappingPath()), db);
  const counters = createSignalUpdateCounters();
  const updates = await lastValueFrom(replayUpdates(file, createDbcCodec(db), bound, { speed: 'max', counters }).pipe(reduce((n) => n + 1, 0)));
  return { frames: counters.frames, updates, events: 0, runs: 0, actions: 0, ms: performance.now() - start };
}

/** Best (lowest ms) of `rounds` calls after one warm-up. */
export async function bestOf(rounds: number, once: () => Promise<ReplayFigures>): Promise<ReplayFigures> {
  await once();
  let best: ReplayFigures | null = null;
  for (let i = 0; i < rounds; i++) {
    const r = await once();
    if (best === null || r.ms < best.ms) best = r;
  }
  return best as ReplayFigures;
}

/** Wall time from spawn to the first byte on stdout, and to exit (ms); stdout is drained. */
export function timeToFirstOutput(command: string, args: string[], cwd: string): Promise<{ firstMs: number; exitMs: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const ms = (): number => Number(process.hrtime.bigint() - start) / 1e6;
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let firstMs = Number.NaN;
    child.stdout.once('data', () => (firstMs = ms()));
    child.stdout.resume();
    child.stderr.resume();
    child.once('error', reject);
    child.once('close', (code) => resolve({ firstMs, exitMs: ms(), code }));
  });
}

/** Resident set size of a process from /proc (MB); NaN when it has gone. */
export function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export const fmtInt = (n: number): string => Math.round(n).toLocaleString('en');
export const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;
