import { filter, firstValueFrom, type Observable, skip } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, type Device } from '../../core/home/create-device.js';
import { DeviceValueError } from '../../core/home/errors.js';
import { FAMILIES } from '../../core/home/registry.js';
import type { PropertyValue } from '../../core/home/model.js';
import type { DeviceState } from '../../core/home/poll-device-state.js';
import { createMiioClient, type MiioClient } from '../../core/miio/client.js';
import { ManualClock } from '../../core/base/manual-clock.js';
import { simConfigSchema } from '../../core/sim/config.js';
import type { SimulatedDeviceHandle } from '../../core/sim/server.js';
import { startSimulatedDevices, type SimulatedDevices } from '../../core/sim/start.js';

/**
 * The client-side device models against the simulator on real loopback UDP, one device per family on
 * 127.0.0.230 onwards (this file's addresses: 230–249). The simulator's physics and the devices' polls
 * share a ManualClock, advanced only between exchanges; the miIO client waits on wall time for replies.
 */

interface Spec {
  model: string;
  /** A value the declaration rejects, and the reason it gives. */
  invalid: [name: string, value: unknown, reason: string];
  /** A valid set, read back. */
  set: [name: string, value: PropertyValue];
  /** An action (or, for families without one, the command that stands for it) and what it does. */
  act(device: Device, sim: SimulatedDeviceHandle): Promise<void>;
  /** A command between two polls, and the property state$ must then report changed with this value. */
  change(device: Device): Promise<void>;
  seen: [name: string, value: PropertyValue];
}

const noActions = async (device: Device): Promise<void> => {
  await expect(device.action('start')).rejects.toThrow(`${device.family.id}.start: no such action`);
};

const fan = (model: string): Spec => ({
  model,
  invalid: ['fan_level', 5, '5 is above the maximum 4'],
  set: ['swing_mode_angle', 60],
  act: noActions,
  change: (d) => d.set('fan_level', 4),
  seen: ['fan_speed', 100],
});

const SPECS: Spec[] = [
  {
    model: 'zhimi.airpurifier.m2',
    invalid: ['favorite_level', 18, '18 is above the maximum 17'],
    set: ['mode', 'favorite'],
    act: async (d, sim) => {
      await d.action('reset_filter');
      expect(sim.device.snapshot().filter_life_remaining).toBe(100);
      expect(await d.get(['filter_life_remaining', 'filter_hours_used'])).toEqual({ filter_life_remaining: 100, filter_hours_used: 0 });
    },
    change: (d) => d.set('led', false),
    seen: ['led', false],
  },
  {
    model: 'zhimi.airp.mb4a',
    invalid: ['favorite_rpm', 2210, '2210 is above the maximum 2200'],
    set: ['favorite_rpm', 1500],
    act: async (d) => {
      expect(await d.action('reset_filter_life')).toEqual([]);
      expect(await d.get(['filter_life_remaining'])).toEqual({ filter_life_remaining: 100 });
    },
    change: (d) => d.set('buzzer', true),
    seen: ['buzzer', true],
  },
  {
    model: 'yeelink.light.color1',
    invalid: ['bright', 0, '0 is below the minimum 1'],
    set: ['bright', 42],
    act: async (d) => {
      await d.action('set_hsv', [120, 50, 'smooth', 500]);
      expect(await d.get(['hue', 'sat', 'color_mode'])).toEqual({ hue: 120, sat: 50, color_mode: 'hsv' });
    },
    change: async (d) => void (await d.action('toggle')),
    seen: ['power', false],
  },
  {
    model: 'chuangmi.plug.m1',
    invalid: ['power', 'yes', 'expected a boolean, got "yes"'],
    set: ['power', false],
    act: noActions,
    change: (d) => d.set('power', true),
    seen: ['power', true],
  },
  {
    model: 'chuangmi.plug.v1',
    invalid: ['usb_power', 2, 'expected a boolean, got 2'],
    set: ['usb_power', true],
    act: noActions,
    change: (d) => d.set('power', false),
    seen: ['power', false],
  },
  {
    model: 'chuangmi.plug.v3',
    invalid: ['load_power', 10, 'is read-only'],
    set: ['wifi_led', false],
    act: noActions,
    change: (d) => d.set('power', false),
    seen: ['load_power', 0],
  },
  fan('dmaker.fan.p9'),
  fan('dmaker.fan.p10'),
  fan('dmaker.fan.p11'),
  fan('dmaker.fan.p45'),
  {
    model: 'lumi.curtain.hagl05',
    invalid: ['target_position', 101, '101 is above the maximum 100'],
    set: ['polarity', 'reverse'],
    // The family declares no actions: open/close is a write of the write-only motor_control.
    act: async (d, sim) => {
      await noActions(d);
      await d.set('motor_control', 'open');
      expect(await d.get(['target_position', 'status'])).toEqual({ target_position: 100, status: 'opening' });
      await d.set('motor_control', 'close');
      expect(sim.device.snapshot()).toMatchObject({ target_position: 0 });
    },
    change: (d) => d.set('motor_control', 'open'),
    seen: ['current_position', 5],
  },
  {
    model: 'roborock.vacuum.s5',
    invalid: ['fan_power', 106, '106 is above the maximum 105'],
    set: ['fan_power', 104],
    act: async (d) => {
      expect(await d.action('start')).toEqual(['ok']);
      expect(await d.get(['state', 'in_cleaning'])).toEqual({ state: 'cleaning', in_cleaning: true });
    },
    change: async (d) => void (await d.action('home')),
    seen: ['state', 'returning_home'],
  },
];

const tokenOf = (i: number): string => (0xa0 + i).toString(16).repeat(16);
const SILENT = SPECS.length;
const devices = [...SPECS.map((s) => s.model), 'chuangmi.plug.m1'].map((model, i) => ({
  name: i === SILENT ? 'silent-plug' : model,
  model,
  address: `127.0.0.${230 + i}`,
  did: 0x2f0a0000 + i + 1,
  token: tokenOf(i),
}));

const clock = new ManualClock();
let sim: SimulatedDevices;
const clients: MiioClient[] = [];

beforeAll(async () => {
  sim = await startSimulatedDevices(simConfigSchema.parse({ devices }), { scheduler: clock });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await sim?.stop();
});

function clientFor(index: number, options: { timeoutMs?: number; retries?: number; deadlineMs?: number } = {}): MiioClient {
  const client = createMiioClient({ address: devices[index].address, token: devices[index].token, timeoutMs: 1000, retries: 1, deadlineMs: 8000, ...options });
  clients.push(client);
  return client;
}

/** First poll at once, then one command, then the next poll (1000 ms later) must report it. */
async function expectStateChange(
  spec: Spec,
  device: Device,
  handle: SimulatedDeviceHandle,
  state$: Observable<DeviceState>,
  readable: string[],
): Promise<void> {
  clock.advanceBy(0);
  const first = await firstValueFrom(state$);
  expect(first).toMatchObject({ online: true, ts: clock.now() });
  expect(first.changed).toEqual(readable);

  await spec.change(device);
  clock.advanceBy(1000);
  const next = await firstValueFrom(state$.pipe(skip(1)));
  const [seenName, seenValue] = spec.seen;
  expect(next.online).toBe(true);
  expect(next.ts).toBe(first.ts + 1000);
  expect(next.changed).toContain(seenName);
  expect(next.values[seenName]).toEqual(seenValue);
  expect(next.values).toEqual(Object.fromEntries(readable.map((n) => [n, handle.device.snapshot()[n]])));
}

describe('device models against the simulator, one device per family', () => {
  it('covers every family of the registry', () => {
    const ids = SPECS.map((s) => createDevice({ model: s.model, caller: { send: async () => null } }).family.id);
    expect(new Set(ids)).toEqual(new Set(FAMILIES.map((f) => f.id)));
  });

  it.each(SPECS.map((spec, index) => ({ ...spec, index })))('$model: get, rejected set, set + get, action, state$', async (spec) => {
    const handle = sim.devices[spec.index];
    const device = createDevice({ model: spec.model, caller: clientFor(spec.index), scheduler: clock });

    const readable = device.family.properties.filter((p) => p.readable).map((p) => p.name);
    const snapshot = handle.device.snapshot();
    expect(await device.get()).toEqual(Object.fromEntries(readable.map((name) => [name, snapshot[name]])));

    const requestsBefore = handle.stats().requests;
    const [badName, badValue, reason] = spec.invalid;
    const rejected = await device.set(badName, badValue).catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(DeviceValueError);
    expect(rejected).toMatchObject({ property: badName, reason });
    expect(handle.stats().requests, 'nothing sent for an invalid value').toBe(requestsBefore);

    const [name, value] = spec.set;
    expect(snapshot[name]).not.toEqual(value);
    await device.set(name, value);
    expect(await device.get([name])).toEqual({ [name]: value });
    expect(handle.device.snapshot()[name]).toEqual(value);

    await spec.act(device, handle);

    const state$ = device.state$(1000);
    const subscription = state$.subscribe();
    try {
      await expectStateChange(spec, device, handle, state$, readable);
    } finally {
      subscription.unsubscribe();
    }
    expect(clock.pendingTimers, 'no poll timer left after the last subscriber').toBe(0);
    expect(device.stats()).toEqual({ polls: 2, failedPolls: 0, skippedTicks: 0 });
  });

  it('marks a device that stops answering offline, and online again when it answers', async () => {
    const handle = sim.devices[SILENT];
    const client = clientFor(SILENT, { timeoutMs: 150, retries: 0, deadlineMs: 2000 });
    const device = createDevice({ model: 'chuangmi.plug.m1', caller: client, scheduler: clock });
    const state$ = device.state$({ intervalMs: 1000, offlineAfterFailures: 1 });
    const subscription = state$.subscribe();
    clock.advanceBy(0);
    const first = await firstValueFrom(state$);
    expect(first.online).toBe(true);

    handle.setFaults({ busy: 'silent' });
    clock.advanceBy(1000);
    const offline = await firstValueFrom(state$.pipe(filter((s) => !s.online)));
    expect(offline).toMatchObject({ online: false, changed: [], values: first.values, ts: first.ts + 1000 });
    expect(offline.error).toMatch(/127\.0\.0\.242/);

    handle.setFaults({ busy: 'off' });
    clock.advanceBy(1000);
    const back = await firstValueFrom(state$.pipe(skip(1)));
    expect(back).toMatchObject({ online: true, ts: first.ts + 2000 });
    subscription.unsubscribe();
    expect(device.stats()).toEqual({ polls: 3, failedPolls: 1, skippedTicks: 0 });
  });
});
