/**
 * What the automation engine may touch, built from the runtime's parts: car events, vehicle state,
 * presence, device states and commands (dry-run applied here), notifications and the error sink.
 */
import type { Observable, SchedulerLike } from 'rxjs';
import type { AutomationHost, DeviceCommand } from '../automation/host.js';
import type { StepResult } from '../api/protocol.js';
import type { CarEvent, HomePresence, HomeZone } from '../vehicle/events/car-event.js';
import type { VehicleState } from '../vehicle/state/vehicle-state.js';
import type { DeviceHub } from './device-hub.js';
import type { Notifications } from './notifications.js';

export interface AutomationHostParts {
  readonly scheduler: SchedulerLike;
  readonly carEvents$: Observable<CarEvent>;
  readonly vehicle: VehicleState;
  readonly presence: () => HomePresence;
  readonly home: HomeZone | null;
  readonly devices: DeviceHub;
  readonly notifications: Notifications;
  readonly isDryRun: () => boolean;
  /** Every device step as it is sent (the replay's JSON `action` lines, the store). */
  readonly onCommand?: (command: DeviceCommand, result: StepResult) => void;
  readonly onUnexpectedError: (error: unknown) => void;
}

/** The host, and a promise that settles once no device command is in flight. */
export function createAutomationHost(parts: AutomationHostParts): AutomationHost & { idle(): Promise<void>; busy(): boolean } {
  const pending = new Set<Promise<StepResult>>();
  return {
    busy: () => pending.size > 0,
    idle: async () => {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    scheduler: parts.scheduler,
    carEvents$: parts.carEvents$,
    signal: (path) => parts.vehicle.get(path),
    signal$: (path) => parts.vehicle.path$(path),
    vehicle: () => parts.vehicle.derived(),
    presence: parts.presence,
    home: parts.home,
    deviceState: (id) => parts.devices.state(id),
    deviceState$: (id) => parts.devices.state$(id),
    sendDeviceCommand: async (command) => {
      const sent = parts.devices.send(command, { dryRun: parts.isDryRun() });
      pending.add(sent);
      try {
        const result = await sent;
        parts.onCommand?.(command, result);
        return result;
      } finally {
        pending.delete(sent);
      }
    },
    notify: (n) => parts.notifications.add(n),
    onUnexpectedError: parts.onUnexpectedError,
  };
}
