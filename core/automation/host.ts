/**
 * Everything the automation engine touches, given by the runtime (or the test host): no sockets here.
 * Time is the scheduler's: `scheduler.now()` in ms; wire timestamps are seconds.
 */
import type { Observable, SchedulerLike } from 'rxjs';
import type { StepResult } from '../api/protocol.js';
import type { DeviceState } from '../home/poll-device-state.js';
import type { CarEvent, HomePresence, HomeZone } from '../vehicle/events/car-event.js';
import type { DerivedVehicleState, VssSample } from '../vehicle/state/vss-sample.js';

/** One command to one device; `name` is the property (set), the action (action), or the miIO method (call). */
export interface DeviceCommand {
  device: string;
  kind: 'set' | 'action' | 'miot_action' | 'call';
  name: string;
  value?: unknown;
  args?: readonly unknown[];
  siid?: number;
  aiid?: number;
}

export interface AutomationHost {
  readonly scheduler: SchedulerLike;
  readonly carEvents$: Observable<CarEvent>;
  signal(path: string): VssSample | undefined;
  /** Replays the latest sample, then changes. */
  signal$(path: string): Observable<VssSample>;
  vehicle(): DerivedVehicleState;
  presence(): HomePresence;
  readonly home: HomeZone | null;
  deviceState(id: string): DeviceState | undefined;
  /** Replays the latest state. */
  deviceState$(id: string): Observable<DeviceState>;
  /** Sends the command (the runtime applies dry-run itself and returns a StepResult with dry_run: true). */
  sendDeviceCommand(command: DeviceCommand): Promise<StepResult>;
  notify(n: { level: 'info' | 'warning' | 'error'; title: string; message: string; source?: string }): void;
  onUnexpectedError(error: unknown): void;
}
