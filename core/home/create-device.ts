import { defer, firstValueFrom, type Observable, type SchedulerLike } from 'rxjs';
import { wallClock } from '../base/clock.js';
import type { MiioCaller } from '../miio/client.js';
import { MiioPayloadError } from '../miio/errors.js';
import { describeMiotCode, parseActionReply, parseMiotItems, type MiotItemRef } from '../miio/miot.js';
import { buildActionRequest, buildGetRequests, buildSetRequest } from './commands.js';
import { DeviceCommandError } from './errors.js';
import type { DeviceFamily, PropertyValue } from './model.js';
import { pollDeviceState$, type DeviceState, type PollStats } from './poll-device-state.js';
import { readProperties$, type CallFn, type DeviceReading } from './read-properties.js';
import { FAMILIES, requireFamily } from './registry.js';

/** A MiioCaller; with `send$` (MiioClient has it) requests are cold Observables, so unsubscribing cancels them. */
export type DeviceCaller = MiioCaller & { send$?(method: string, params?: unknown): Observable<unknown> };

export interface CreateDeviceOptions {
  readonly model: string;
  readonly caller: DeviceCaller;
  /** Clock of state$ polling. Default wallClock. */
  readonly scheduler?: SchedulerLike;
  /** Properties per get_prop / get_properties request. Default 15. */
  readonly maxProperties?: number;
  /** Default the registry's FAMILIES. */
  readonly families?: readonly DeviceFamily[];
}

export interface StateOptions {
  readonly intervalMs: number;
  /** Consecutive failed polls before offline. Default 3. */
  readonly offlineAfterFailures?: number;
  /** Default every readable property. */
  readonly properties?: readonly string[];
}

export interface Device {
  readonly model: string;
  readonly family: DeviceFamily;
  /** Typed values and, per property, why one was not reported. */
  read(names?: readonly string[]): Promise<DeviceReading>;
  /** Typed values; a property the device did not report is a DeviceReadError. */
  get(names?: readonly string[]): Promise<Record<string, PropertyValue>>;
  /** Validates (DeviceValueError, nothing sent), then sends the family's setter. */
  set(name: string, value: unknown): Promise<void>;
  /** Validates the arguments, runs the action; resolves to MIoT `out` or the miIO result. */
  action(name: string, args?: readonly unknown[]): Promise<unknown>;
  /** Polled state; the same options give the same shared stream. */
  state$(options: number | StateOptions): Observable<DeviceState>;
  /** Polls, failed polls and skipped ticks of every state$ stream so far. */
  stats(): PollStats;
}

/** The typed device of a model: the family found in the registry, requests through `caller`. */
export function createDevice(options: CreateDeviceOptions): Device {
  const family = requireFamily(options.model, options.families ?? FAMILIES);
  const scheduler = options.scheduler ?? wallClock;
  const { caller, maxProperties } = options;
  const call$: CallFn = (method, params) => (caller.send$ ? caller.send$(method, params) : defer(() => caller.send(method, params)));
  const stats: PollStats = { polls: 0, failedPolls: 0, skippedTicks: 0 };
  const streams = new Map<string, Observable<DeviceState>>();

  const read = (names?: readonly string[]): Promise<DeviceReading> => firstValueFrom(readProperties$(family, call$, names, { maxProperties }));

  return {
    model: options.model,
    family,
    read,
    get: async (names) => {
      const reading = await read(names);
      const failed = Object.values(reading.errors)[0];
      if (failed) throw failed;
      return { ...reading.values };
    },
    set: async (name, value) => {
      const request = buildSetRequest(family, name, value);
      const reply = await firstValueFrom(call$(request.method, request.params));
      if (family.protocol !== 'miot') return;
      const [result] = parseMiotItems(reply, request.params as MiotItemRef[]);
      if (result.missing) throw new DeviceCommandError(family.id, name, 'no item for it in the set_properties reply');
      checkMiotCode(family.id, name, result.code);
    },
    action: async (name, args = []) => {
      const request = buildActionRequest(family, name, args);
      const reply = await firstValueFrom(call$(request.method, request.params));
      if (family.protocol !== 'miot') return reply;
      const result = actionResult(family.id, name, reply);
      checkMiotCode(family.id, name, result.code);
      return result.out;
    },
    state$: (input) => {
      const opts: StateOptions = typeof input === 'number' ? { intervalMs: input } : input;
      const key = JSON.stringify([opts.intervalMs, opts.offlineAfterFailures ?? null, opts.properties ?? null]);
      let stream = streams.get(key);
      if (!stream) {
        // Bad names fail here, at setup, not on every poll.
        buildGetRequests(family, opts.properties);
        const names = opts.properties;
        stream = pollDeviceState$(
          () => readProperties$(family, call$, names, { maxProperties }),
          { intervalMs: opts.intervalMs, offlineAfterFailures: opts.offlineAfterFailures, scheduler },
          stats,
        );
        streams.set(key, stream);
      }
      return stream;
    },
    stats: () => ({ ...stats }),
  };
}

function actionResult(familyId: string, name: string, reply: unknown): ReturnType<typeof parseActionReply> {
  try {
    return parseActionReply(reply);
  } catch (error) {
    if (error instanceof MiioPayloadError) throw new DeviceCommandError(familyId, name, `unexpected action reply: ${error.reason}`);
    throw error;
  }
}

function checkMiotCode(familyId: string, target: string, code: number): void {
  if (code !== 0 && code !== 1) throw new DeviceCommandError(familyId, target, `device answered code ${code} (${describeMiotCode(code)})`, code);
}
