import { Subject, type Subscription } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/base/manual-clock.js';
import type { DeviceConfig, HomewardConfig } from '../../core/runtime/config/schema.js';
import { createRuntime, type Runtime } from '../../core/runtime/create-runtime.js';
import { simConfigSchema } from '../../core/sim/config.js';
import { startSimulatedDevices, type SimulatedDevices } from '../../core/sim/start.js';
import type { CarEvent } from '../../core/vehicle/events/car-event.js';
import type { SignalUpdate } from '../../core/vehicle/signal-updates.js';
import { driveUntil, NO_SERVICES, resourceCount, testConfig } from '../helpers/runtime-fixture.js';

// Issue 7 §2: start and stop are clean (no socket, timer or subscription left), and a device that
// fails or goes offline never stops the vehicle side, nor the reverse. Time is a ManualClock shared
// by the runtime and our simulators; the sockets are real loopback UDP.

const NET = '127.61.4';
/** What libuv calls a UDP socket handle in process.getActiveResourcesInfo(). */
const UDP = 'UDPWrap';

/** Whatever a failed test left running is stopped before the next one binds the same addresses. */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const T0_MS = 1_718_640_000_000;

/** plug and hallway light simulated by us; `ghost` on an address where nothing answers. */
async function lifecycleConfig(): Promise<HomewardConfig> {
  return testConfig({
    net: NET,
    can: 'none',
    devices: (all) => {
      const keep = all.filter((d) => d.id === 'plug' || d.id === 'hallway_light').map((d) => ({ ...d, simulate: false, poll_interval_s: 2 }));
      const ghost: DeviceConfig = { ...keep[0], id: 'ghost', name: 'Ghost plug', host: `${NET}.250` };
      return [...keep, ghost];
    },
  });
}

async function startSims(config: HomewardConfig, clock: ManualClock): Promise<SimulatedDevices> {
  const real = config.devices.filter((d) => d.id !== 'ghost');
  return startSimulatedDevices(
    simConfigSchema.parse({ devices: real.map((d, i) => ({ name: d.id, model: d.model, did: 0x11f0 + i, token: String(d.token), address: d.host, port: d.port })) }),
    { scheduler: clock },
  );
}

interface Rig {
  clock: ManualClock;
  sims: SimulatedDevices;
  runtime: Runtime;
  updates: Subject<SignalUpdate>;
  events: CarEvent[];
  errors: unknown[];
  /** Our own subscription to runtime.events$ (a client's). */
  watching: Subscription;
  push(path: string, value: SignalUpdate['value']): void;
}

async function rig(): Promise<Rig> {
  const clock = new ManualClock(T0_MS);
  const config = await lifecycleConfig();
  const sims = await startSims(config, clock);
  cleanups.push(() => sims.stop());
  const updates = new Subject<SignalUpdate>();
  const errors: unknown[] = [];
  const runtime = await createRuntime(config, { scheduler: clock, updates$: updates, simulate: false, services: NO_SERVICES, onUnexpectedError: (e) => errors.push(e) });
  cleanups.push(() => runtime.stop());
  const events: CarEvent[] = [];
  const watching = runtime.events$.subscribe({ next: (e) => events.push(e), error: (e: unknown) => errors.push(['events$', e]) });
  cleanups.push(async () => watching.unsubscribe());
  return { clock, sims, runtime, updates, events, errors, watching, push: (path, value) => updates.next({ path, value, ts: clock.now() / 1000 }) };
}

const online = (runtime: Runtime, id: string): boolean | null | undefined => runtime.api.snapshot().devices.find((d) => d.id === id)?.online;

describe('start and stop', () => {
  it('an offline device never stops the vehicle side; stop() leaves no socket, timer or subscription', async () => {
    const udpBefore = await resourceCount(UDP);
    const timersBefore = await resourceCount('Timeout');
    const r = await rig();
    expect(await resourceCount(UDP)).toBe(udpBefore + 2); // our two simulators
    await r.runtime.start();
    expect(r.updates.observed).toBe(true);

    r.push('Vehicle.LowVoltageSystemState', 'OFF');
    r.push('Vehicle.Speed', 0);
    // The ghost's polls time out in virtual time; the simulated plug answers over loopback.
    await driveUntil(r.clock, r.sims.devices, () => online(r.runtime, 'ghost') === false && online(r.runtime, 'plug') === true);

    // The vehicle side flows on while the ghost is offline.
    r.push('Vehicle.LowVoltageSystemState', 'ON');
    r.push('Vehicle.Speed', 42);
    r.push('Vehicle.Cabin.Door.Row1.DriverSide.IsOpen', false);
    r.push('Vehicle.Cabin.Door.Row1.DriverSide.IsOpen', true);
    expect(r.runtime.vehicle.get('Vehicle.Speed')?.value).toBe(42);
    expect(r.events.map((e) => e.name)).toEqual(['vehicle.ignition_on', 'vehicle.door_opened']);
    const snapshot = r.runtime.api.snapshot();
    expect(snapshot.vehicle.signals.find((s) => s.path === 'Vehicle.Speed')?.value).toBe(42);
    expect(snapshot.vehicle.derived.ignition).toBe('on');
    expect(snapshot.devices.find((d) => d.id === 'ghost')).toMatchObject({ online: false, error: expect.any(String) });
    expect(snapshot.events.map((e) => e.name)).toEqual(['vehicle.ignition_on', 'vehicle.door_opened']);
    expect(r.errors).toEqual([]);

    r.watching.unsubscribe();
    await r.runtime.stop();
    expect(r.updates.observed).toBe(false);
    expect(r.clock.pendingTimers).toBe(0);
    expect(await resourceCount(UDP)).toBe(udpBefore + 2); // the runtime's three client sockets are closed
    await r.sims.stop();
    expect(await resourceCount(UDP)).toBe(udpBefore);
    expect(await resourceCount('Timeout')).toBeLessThanOrEqual(timersBefore); // vitest's own timers come and go
    // Stopping twice is harmless; the vehicle side is finished.
    await r.runtime.stop();
    r.push('Vehicle.Speed', 10);
    expect(r.runtime.vehicle.get('Vehicle.Speed')?.value).not.toBe(10);
  });

  it('a vehicle source that errors does not stop device polling', async () => {
    const udpBefore = await resourceCount(UDP);
    const r = await rig();
    await r.runtime.start();
    r.push('Vehicle.Speed', 12);
    await driveUntil(r.clock, r.sims.devices, () => online(r.runtime, 'plug') === true);
    expect(r.runtime.api.snapshot().devices.find((d) => d.id === 'plug')?.values.power).toBe(true);

    r.updates.error(new Error('bus off'));
    await r.runtime.sourceDone; // the source is over ...
    expect(r.errors.some((e) => String(e).includes('bus off'))).toBe(true);

    // ... the home side is not: a change on the device itself reaches the snapshot by polling.
    r.sims.device('plug')?.device.patchState({ power: false });
    await driveUntil(r.clock, r.sims.devices, () => r.runtime.api.snapshot().devices.find((d) => d.id === 'plug')?.values.power === false);
    // Commands still work, and the last vehicle state is still there.
    await r.runtime.api.request('device.set', { device: 'hallway_light', property: 'power', value: false });
    expect(r.sims.device('hallway_light')?.device.snapshot().power).toBe(false);
    expect(r.runtime.vehicle.get('Vehicle.Speed')?.value).toBe(12);

    r.watching.unsubscribe();
    await r.runtime.stop();
    expect(r.clock.pendingTimers).toBe(0);
    await r.sims.stop();
    expect(await resourceCount(UDP)).toBe(udpBefore);
  });

  // RuntimeApi: "updates$ ... Hot, never errors". A source error is the runtime's to report (once, to
  // onUnexpectedError); it must not travel into events$/updates$, whose clients (the CLI's replay and
  // run, the API server, the MQTT bridge) subscribe without an error handler: an uncaught error there
  // is a crash of the whole process.
  it('a source error is reported once and never reaches events$ or updates$ subscribers', async () => {
    const r = await rig();
    const updateErrors: unknown[] = [];
    const updates = r.runtime.api.updates$.subscribe({ error: (e: unknown) => updateErrors.push(e) });
    cleanups.push(async () => updates.unsubscribe());
    await r.runtime.start();
    r.push('Vehicle.Speed', 12);
    r.updates.error(new Error('bus off'));
    await r.runtime.sourceDone;
    expect(updateErrors).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(String(r.errors[0])).toMatch(/bus off/);
  });

  // "After stop() no subscription is left" holds for the runtime's own subscriptions (the first test);
  // a client still subscribed to events$ or api.updates$ when the runtime stops keeps the vehicle
  // source subscribed through them. stop() should complete those streams so every client is released.
  it('stop() completes events$ and updates$, releasing a client still subscribed', async () => {
    const r = await rig();
    let updatesComplete = false;
    let eventsComplete = false;
    const client = r.runtime.api.updates$.subscribe({ complete: () => (updatesComplete = true) });
    cleanups.push(async () => client.unsubscribe());
    const events = r.runtime.events$.subscribe({ complete: () => (eventsComplete = true) });
    cleanups.push(async () => events.unsubscribe());
    await r.runtime.start();
    r.push('Vehicle.Speed', 3);
    await r.runtime.stop();
    expect({ updatesComplete, eventsComplete, sourceStillSubscribed: r.updates.observed }).toEqual({ updatesComplete: true, eventsComplete: true, sourceStillSubscribed: false });
  });

  it('a start that fails half-way (a simulated device cannot bind) closes what it opened', async () => {
    const udpBefore = await resourceCount(UDP);
    const clock = new ManualClock(T0_MS);
    const config = await lifecycleConfig();
    const sims = await startSims(config, clock);
    cleanups.push(() => sims.stop());
    // The runtime's own simulated plug would bind where ours already is.
    const clash: HomewardConfig = { ...config, devices: config.devices.map((d) => (d.id === 'plug' ? { ...d, simulate: true } : d)) };
    const updates = new Subject<SignalUpdate>();
    const runtime = await createRuntime(clash, { scheduler: clock, updates$: updates, services: NO_SERVICES, onUnexpectedError: () => undefined });
    await expect(runtime.start()).rejects.toThrow(/bind|in use|EADDRINUSE/i);
    expect(updates.observed).toBe(false);
    expect(clock.pendingTimers).toBe(0);
    await sims.stop();
    expect(await resourceCount(UDP)).toBe(udpBefore);
    await runtime.stop();
  });
});
