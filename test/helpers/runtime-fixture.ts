import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { from, type Observable, switchMap } from 'rxjs';
import { expect } from 'vitest';
import type { ManualClock } from '../../core/base/manual-clock.js';
import { wallClock } from '../../core/base/clock.js';
import type { CanFrame } from '../../core/can/frame.js';
import { onlyFrames, readCandumpLog } from '../../core/can/sources/read-candump-log.js';
import { findRepoRoot } from '../../core/base/repo-root.js';
import { createDevice } from '../../core/home/create-device.js';
import type { PropertyValue } from '../../core/home/model.js';
import { createMiioClient } from '../../core/miio/client.js';
import { loadConfig } from '../../core/runtime/config/load-config.js';
import type { DeviceConfig, HomewardConfig } from '../../core/runtime/config/schema.js';
import { simConfigSchema } from '../../core/sim/config.js';
import type { FaultPatch } from '../../core/sim/faults.js';
import type { SimulatedDeviceHandle } from '../../core/sim/server.js';
import { startSimulatedDevices, type SimulatedDevices } from '../../core/sim/start.js';
import { demoDriveLogPath } from '../../core/vehicle/demo/paths.js';

/**
 * The demo configuration (config/demo.yaml) as the runtime tests run it: its devices moved from
 * 127.0.0.N to `${net}.N` so test files running at once (and other suites' simulators on 127.0.0.x)
 * never fight over an address, the demo drive log as the CAN source, nothing else changed.
 */
export const REPO_ROOT = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
export const DEMO_CONFIG_FILE = join(REPO_ROOT, 'config', 'demo.yaml');

let demo: Promise<HomewardConfig> | undefined;

/** config/demo.yaml, loaded once per test file (never modified: callers get copies). */
export function demoConfig(): Promise<HomewardConfig> {
  demo ??= loadConfig(DEMO_CONFIG_FILE).then((loaded) => loaded.config);
  return demo;
}

export interface TestConfigOptions {
  /** The first three octets of the devices' addresses, e.g. '127.61.3'. */
  readonly net: string;
  /** CAN source; default the demo drive (candump). */
  readonly can?: HomewardConfig['vehicle']['can'];
  /** Edits the device list after the move (drop one, point one elsewhere, add one). */
  readonly devices?: (devices: DeviceConfig[]) => DeviceConfig[];
}

export async function testConfig(options: TestConfigOptions): Promise<HomewardConfig> {
  const base = structuredClone(await demoConfig());
  const moved = base.devices.map((d) => ({ ...d, host: moveHost(d.host, options.net) }));
  return {
    ...base,
    vehicle: { ...base.vehicle, can: options.can ?? `candump:${demoDriveLogPath()}` },
    devices: options.devices ? options.devices(moved) : moved,
    mqtt: { ...base.mqtt, enabled: false },
    web: { ...base.web, enabled: false },
    storage: { ...base.storage, enabled: false },
  };
}

/** 127.0.0.N → NET.N */
export function moveHost(host: string, net: string): string {
  return `${net}.${host.split('.')[3]}`;
}

export const NO_SERVICES = { store: false, mqtt: false, web: false } as const;

/**
 * A device's own state, read over miIO by a client of our own (not the runtime's): what the device
 * really did. Real time: the runtime's simulated devices run on the wall clock.
 */
export async function readDevice(device: DeviceConfig, names?: readonly string[]): Promise<Record<string, PropertyValue>> {
  const client = createMiioClient({ address: device.host, port: device.port, token: String(device.token), scheduler: wallClock, timeoutMs: 1000, retries: 2 });
  try {
    return await createDevice({ model: device.model, caller: client, scheduler: wallClock }).get(names);
  } finally {
    await client.close();
  }
}

/** Sets properties on a device over miIO with a client of our own (a starting state for a test). */
export async function setDevice(device: DeviceConfig, values: Readonly<Record<string, PropertyValue>>): Promise<void> {
  const client = createMiioClient({ address: device.host, port: device.port, token: String(device.token), scheduler: wallClock, timeoutMs: 1000, retries: 2 });
  try {
    const typed = createDevice({ model: device.model, caller: client, scheduler: wallClock });
    for (const [name, value] of Object.entries(values)) await typed.set(name, value);
  } finally {
    await client.close();
  }
}

/**
 * The demo drive's frames (read from the candump log by core's reader, as `can: candump:` does),
 * held back until `before()` has run: the runtime has started its simulated devices by then, so a
 * test can give them a starting state the automations must change.
 */
export function gatedDemoDrive(before: () => Promise<void>): Observable<CanFrame> {
  return from(before()).pipe(switchMap(() => readCandumpLog(demoDriveLogPath()).pipe(onlyFrames())));
}

export function deviceConfig(config: HomewardConfig, id: string): DeviceConfig {
  const found = config.devices.find((d) => d.id === id);
  if (!found) throw new Error(`no device ${id} in the test config`);
  return found;
}

/** Handles libuv reports as active, by kind (UDPWRAP, Timeout, TCPSERVERWRAP, ...). */
export function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/**
 * How many handles of a kind are active once closes have finished: a dgram socket's close callback
 * runs a tick before libuv frees the handle, so two turns of the loop go by first.
 */
export async function resourceCount(kind: string): Promise<number> {
  for (let turn = 0; turn < 2; turn += 1) await new Promise<void>((resolve) => setImmediate(resolve));
  return activeResources().get(kind) ?? 0;
}

const QUIET_TURNS = 4;
const MAX_TURNS = 20_000;

/**
 * Waits (in event-loop turns, never wall time) until the simulated devices have seen no datagram
 * and sent no reply for a few turns in a row: the loopback link is idle, so a ManualClock may move.
 */
export async function linkIdle(devices: readonly SimulatedDeviceHandle[]): Promise<void> {
  const total = (): number => devices.reduce((n, d) => n + d.stats().datagrams + d.stats().replies, 0);
  let last = total();
  let quiet = 0;
  for (let turn = 0; turn < MAX_TURNS; turn += 1) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const now = total();
    quiet = now === last ? quiet + 1 : 0;
    last = now;
    if (quiet >= QUIET_TURNS) return;
  }
  expect.fail('the loopback link never went idle');
}

/**
 * Moves the clock from timer to timer, letting the sockets settle in between, until `done()` holds
 * or the clock has moved `maxMs`. Returns the virtual time it took.
 */
export async function driveUntil(clock: ManualClock, devices: readonly SimulatedDeviceHandle[], done: () => boolean, maxMs = 120_000): Promise<number> {
  const start = clock.now();
  for (;;) {
    await linkIdle(devices);
    if (done()) return clock.now() - start;
    const next = clock.actions[0];
    if (!next || next.delay - start > maxMs) return expect.fail(`not done after ${clock.now() - start} virtual ms (next timer: ${next ? next.delay - start : 'none'})`);
    clock.advanceTo(next.delay);
  }
}

/** Runs `call` to its end while moving the clock from timer to timer between idle sockets. */
export async function settle<T>(clock: ManualClock, devices: readonly SimulatedDeviceHandle[], call: Promise<T>, maxMs?: number): Promise<T> {
  let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  call.then((value) => (outcome = { ok: true, value }), (error: unknown) => (outcome = { ok: false, error }));
  await driveUntil(clock, devices, () => outcome !== undefined, maxMs);
  if (!outcome) return expect.fail('unsettled');
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/** Our own simulators of a config's devices (all but `skip`), on the given clock. */
export async function startOwnSimulators(
  devices: readonly DeviceConfig[],
  clock: ManualClock,
  options: { skip?: readonly string[]; state?: Record<string, Record<string, PropertyValue>>; faults?: Record<string, FaultPatch> } = {},
): Promise<SimulatedDevices> {
  const wanted = devices.filter((d) => !options.skip?.includes(d.id));
  return startSimulatedDevices(
    simConfigSchema.parse({
      devices: wanted.map((d, i) => ({
        name: d.id, model: d.model, did: 0x5e1f0 + i, token: String(d.token), address: d.host, port: d.port,
        ...(options.state?.[d.id] ? { state: options.state[d.id] } : {}),
        ...(options.faults?.[d.id] ? { faults: options.faults[d.id] } : {}),
      })),
    }),
    { scheduler: clock },
  );
}
