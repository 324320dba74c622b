/**
 * An in-memory AutomationHost for tests: Subjects for car events, VSS signals and device states,
 * setters for presence and the derived vehicle state, and a sendDeviceCommand that records each
 * command with its virtual time and answers from a per-device responder (default ok).
 */
import { BehaviorSubject, filter, type Observable, type SchedulerLike, Subject } from 'rxjs';
import type { StepResult } from '../../api/protocol.js';
import { ManualClock } from '../../base/manual-clock.js';
import type { DeviceState } from '../../home/poll-device-state.js';
import type { CarEvent, CarEventName, EvidenceValue, HomePresence, HomeZone } from '../../vehicle/events/car-event.js';
import type { DerivedVehicleState, VssSample } from '../../vehicle/state/vss-sample.js';
import type { AutomationHost, DeviceCommand } from '../host.js';

export type Responder = (command: DeviceCommand) => StepResult | Promise<StepResult>;

export interface TestHost extends AutomationHost {
  readonly clock: ManualClock;
  readonly sent: { atMs: number; command: DeviceCommand }[];
  readonly notifications: { atMs: number; level: string; title: string; message: string; source?: string }[];
  readonly errors: unknown[];
  emit(name: CarEventName, evidence?: Record<string, EvidenceValue>): void;
  setSignal(path: string, value: number | boolean | string): void;
  setDevice(id: string, state: { online?: boolean; values?: Record<string, boolean | number | string>; error?: string }): void;
  setPresence(presence: Partial<HomePresence>): void;
  setVehicle(vehicle: Partial<DerivedVehicleState>): void;
  /** Answer this device's commands with `responder` (e.g. failures); undefined restores ok. */
  respond(device: string, responder: Responder | undefined): void;
  /** Subscribers still attached to the host's streams (a leak check after stop()). */
  observers(): number;
}

export const HOME: HomeZone = { name: 'Home', latitude: 48.137, longitude: 11.575, radiusM: 50 };

export function okResult(command: DeviceCommand): StepResult {
  const method = command.kind === 'set' ? 'set_properties' : command.kind === 'call' ? command.name : command.kind === 'miot_action' ? 'action' : command.name;
  return { device: command.device, method, params: command.kind === 'set' ? { [command.name]: command.value } : command.args, ok: true };
}

export function failResult(command: DeviceCommand, code = 'timeout', message = 'no answer'): StepResult {
  return { device: command.device, method: command.name, ok: false, error: { code, message } };
}

/** Lets the microtasks behind a resolved sendDeviceCommand promise run (Promises are not virtual time). */
export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

export function createTestHost(options: { startMs?: number; scheduler?: SchedulerLike } = {}): TestHost {
  const clock = new ManualClock(options.startMs ?? Date.UTC(2026, 11, 1, 6, 0, 0));
  const scheduler = options.scheduler ?? clock;
  const events = new Subject<CarEvent>();
  const signals = new Map<string, BehaviorSubject<VssSample | undefined>>();
  const devices = new Map<string, BehaviorSubject<DeviceState | undefined>>();
  const responders = new Map<string, Responder>();
  let presence: HomePresence = { state: 'not_home', distanceM: 5000, etaS: null, latitude: null, longitude: null, accuracyM: null, ts: 0 };
  let vehicle: DerivedVehicleState = { moving: false, parked: true, ignition: 'off', gear: 'P', speedKmh: 0, socPct: 80, charging: false };
  const sent: TestHost['sent'] = [];
  const notifications: TestHost['notifications'] = [];
  const errors: unknown[] = [];
  const nowS = (): number => scheduler.now() / 1000;
  const subjectOf = <T>(map: Map<string, BehaviorSubject<T | undefined>>, key: string): BehaviorSubject<T | undefined> => {
    let subject = map.get(key);
    if (subject === undefined) map.set(key, (subject = new BehaviorSubject<T | undefined>(undefined)));
    return subject;
  };

  return {
    clock,
    scheduler,
    carEvents$: events.asObservable(),
    home: HOME,
    sent,
    notifications,
    errors,
    signal: (path) => signals.get(path)?.value,
    signal$: (path): Observable<VssSample> => subjectOf(signals, path).pipe(filter((s): s is VssSample => s !== undefined)),
    vehicle: () => vehicle,
    presence: () => presence,
    deviceState: (id) => devices.get(id)?.value,
    deviceState$: (id): Observable<DeviceState> => subjectOf(devices, id).pipe(filter((s): s is DeviceState => s !== undefined)),
    sendDeviceCommand: async (command) => {
      sent.push({ atMs: scheduler.now(), command });
      return (responders.get(command.device) ?? okResult)(command);
    },
    notify: (n) => notifications.push({ atMs: scheduler.now(), ...n }),
    onUnexpectedError: (error) => errors.push(error),
    emit: (name, evidence = {}) => events.next({ name, ts: nowS(), evidence }),
    setSignal: (path, value) => subjectOf(signals, path).next({ path, value, ts: nowS(), stale: false }),
    setDevice: (id, state) => {
      const subject = subjectOf(devices, id);
      const old = subject.value;
      const values = { ...(old?.values ?? {}), ...(state.values ?? {}) };
      const changed = Object.keys(values).filter((k) => old?.values[k] !== values[k]);
      subject.next({ online: state.online ?? old?.online ?? true, values, changed, ts: scheduler.now(), errors: {}, ...(state.error !== undefined ? { error: state.error } : {}) });
    },
    setPresence: (p) => (presence = { ...presence, ...p }),
    setVehicle: (v) => (vehicle = { ...vehicle, ...v }),
    respond: (device, responder) => (responder === undefined ? responders.delete(device) : responders.set(device, responder)),
    observers: () => (events.observed ? 1 : 0) + [...signals.values(), ...devices.values()].filter((s) => s.observed).length,
  };
}
