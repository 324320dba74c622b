/**
 * The home side of the runtime: one miIO client and typed device per configured device, its polled
 * state as wire `DeviceInfo`, and commands. A device that fails or goes offline is only that device:
 * its errors end in its state and in the command's StepResult, never in a neighbour or the vehicle.
 */
import { BehaviorSubject, filter, merge, type Observable, type SchedulerLike, Subscription } from 'rxjs';
import type { DeviceInfo, StepResult } from '../api/protocol.js';
import type { DeviceCommand } from '../automation/host.js';
import { describeError } from '../base/errors.js';
import { createDevice, type Device } from '../home/create-device.js';
import type { DeviceState } from '../home/poll-device-state.js';
import type { DeviceFamily } from '../home/model.js';
import { createMiioClient, type MiioClient } from '../miio/client.js';
import { NotFoundError } from './errors.js';

export interface DeviceSetup {
  readonly id: string;
  readonly name: string;
  readonly model: string;
  readonly host: string;
  readonly port: number;
  readonly token: string;
  readonly pollIntervalMs: number;
}

interface Entry {
  readonly setup: DeviceSetup;
  readonly client: MiioClient;
  readonly device: Device;
  readonly info$: BehaviorSubject<DeviceInfo>;
  readonly state$: BehaviorSubject<DeviceState | undefined>;
}

export interface DeviceHub {
  list(): DeviceInfo[];
  /** Every device's info whenever it changes. */
  readonly changes$: Observable<DeviceInfo>;
  state(id: string): DeviceState | undefined;
  state$(id: string): Observable<DeviceState>;
  send(command: DeviceCommand, options: { dryRun: boolean }): Promise<StepResult>;
  start(): void;
  stop(): Promise<void>;
}

export function createDeviceHub(setups: readonly DeviceSetup[], deps: { scheduler: SchedulerLike; timeoutMs?: number }): DeviceHub {
  const entries = new Map<string, Entry>();
  for (const setup of setups) {
    const client = createMiioClient({ address: setup.host, port: setup.port, token: setup.token, scheduler: deps.scheduler, timeoutMs: deps.timeoutMs ?? 1500, retries: 2, deadlineMs: 8000 });
    const device = createDevice({ model: setup.model, caller: client, scheduler: deps.scheduler });
    entries.set(setup.id, { setup, client, device, info$: new BehaviorSubject(describeDevice(setup, device.family)), state$: new BehaviorSubject<DeviceState | undefined>(undefined) });
  }
  const subscription = new Subscription();

  const publish = (entry: Entry, state: DeviceState): void => {
    entry.state$.next(state);
    entry.info$.next({
      ...entry.info$.value,
      online: state.online,
      values: { ...state.values },
      ts: state.ts / 1000,
      ...(state.error ? { error: state.error } : { error: undefined }),
    });
  };

  const require = (id: string): Entry => {
    const entry = entries.get(id);
    if (!entry) throw new NotFoundError('device', id);
    return entry;
  };

  /** After a command, read back at once so the dashboard settles on the real state, not the next poll. */
  const readBack = async (entry: Entry): Promise<void> => {
    try {
      const reading = await entry.device.read();
      const previous = entry.state$.value;
      const values = { ...(previous?.values ?? {}), ...reading.values };
      const changed = Object.keys(values).filter((k) => previous?.values[k] !== values[k]);
      publish(entry, { online: true, values, changed, ts: deps.scheduler.now(), errors: {} });
    } catch {
      // The next poll reports the device's state; a failed read-back is not a failed command.
    }
  };

  return {
    list: () => [...entries.values()].map((e) => e.info$.value),
    changes$: merge(...[...entries.values()].map((e) => e.info$.asObservable())),
    state: (id) => entries.get(id)?.state$.value,
    state$: (id) => require(id).state$.pipe(filter((s): s is DeviceState => s !== undefined)),
    send: async (command, options) => {
      const base = { device: command.device, method: methodOf(command), params: paramsOf(command) };
      let entry: Entry;
      try {
        entry = require(command.device);
      } catch (error) {
        return { ...base, ok: false, error: { code: 'not_found', message: describeError(error) } };
      }
      if (options.dryRun) return { ...base, ok: true, dry_run: true };
      try {
        const result = await run(entry, command);
        void readBack(entry);
        return { ...base, ok: true, ...(result === undefined ? {} : { result }) };
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        return { ...base, ok: false, error: { code: typeof code === 'string' ? code : 'device', message: describeError(error) } };
      }
    },
    start: () => {
      for (const entry of entries.values()) {
        subscription.add(entry.device.state$({ intervalMs: entry.setup.pollIntervalMs }).subscribe({
          next: (state) => publish(entry, state),
          error: () => undefined, // only a closed client errors state$: that is stop()
        }));
      }
    },
    stop: async () => {
      subscription.unsubscribe();
      await Promise.all([...entries.values()].map((e) => e.client.close()));
      for (const e of entries.values()) {
        e.info$.complete();
        e.state$.complete();
      }
    },
  };
}

async function run(entry: Entry, command: DeviceCommand): Promise<unknown> {
  switch (command.kind) {
    case 'set':
      await entry.device.set(command.name, command.value);
      return undefined;
    case 'action':
      return entry.device.action(command.name, command.args ?? []);
    case 'miot_action':
      return entry.client.send('action', { did: `call-${command.siid}-${command.aiid}`, siid: command.siid, aiid: command.aiid, in: command.args ?? [] });
    case 'call':
      return entry.client.send(command.name, command.args ?? []);
  }
}

function methodOf(command: DeviceCommand): string {
  if (command.kind === 'set') return `set ${command.name}`;
  if (command.kind === 'miot_action') return `action ${command.siid}.${command.aiid}`;
  return command.name;
}

function paramsOf(command: DeviceCommand): unknown {
  return command.kind === 'set' ? command.value : (command.args ?? []);
}

/** The wire description of a device: its family's properties and actions, nothing known yet. */
export function describeDevice(setup: DeviceSetup, family: DeviceFamily): DeviceInfo {
  return {
    id: setup.id,
    name: setup.name,
    model: setup.model,
    family: family.id,
    online: null,
    values: {},
    ts: null,
    properties: family.properties.map((p) => ({
      name: p.name,
      type: p.type,
      ...(p.unit ? { unit: p.unit } : {}),
      ...(p.range ? { min: p.range.min, max: p.range.max, ...(p.range.step ? { step: p.range.step } : {}) } : {}),
      ...(p.choices ? { choices: p.choices.map((c) => c.label) } : {}),
      readable: p.readable,
      writable: p.writable,
    })),
    actions: family.actions.map((a) => ({
      name: a.name,
      args: ('in' in a ? a.in : a.params).map((arg) => ({ name: arg.name, type: arg.type })),
    })),
  };
}
