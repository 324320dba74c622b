import {
  catchError, concatMap, defer, EMPTY, exhaustMap, filter, finalize, map, type Observable, of, ReplaySubject, type SchedulerLike,
  share, take, timer,
} from 'rxjs';
import { wallClock } from '../base/clock.js';
import { describeError } from '../base/errors.js';
import { MiioClosedError } from '../miio/errors.js';
import { DeviceOptionsError } from './errors.js';
import type { PropertyValue } from './model.js';
import type { DeviceReading } from './read-properties.js';

/** What state$ emits: only when a value changed or `online` flipped. */
export interface DeviceState {
  readonly online: boolean;
  /** The last known typed values; kept (stale) while offline. */
  readonly values: Readonly<Record<string, PropertyValue>>;
  /** Properties whose value differs from the previous emission (all of them on the first). */
  readonly changed: readonly string[];
  /** scheduler.now() when the poll behind this emission settled. */
  readonly ts: number;
  /** Per property, why the last successful poll could not read it (its old value is kept). */
  readonly errors: Readonly<Record<string, string>>;
  /** Offline only: the last poll's failure. */
  readonly error?: string;
}

export interface PollOptions {
  readonly intervalMs: number;
  /** Consecutive failed polls before the device is offline. Default 3. */
  readonly offlineAfterFailures?: number;
  /** Default wallClock. */
  readonly scheduler?: SchedulerLike;
}

/** Counters a caller can read at any time (shared by every stream of one device). */
export interface PollStats {
  polls: number;
  failedPolls: number;
  /** Ticks that found the previous poll still running. */
  skippedTicks: number;
}

export const DEFAULT_OFFLINE_AFTER_FAILURES = 3;

/**
 * Polls `read$` now and every intervalMs on the scheduler, never two polls at once (a tick that finds
 * one running is skipped and counted). Emits on change or when online flips; N consecutive failures
 * mark the device offline without erroring the stream, the next success brings it back. Shared: one
 * poll however many subscribers, the last state replayed to late ones, polling stopped with the last.
 * Errors only when the client is closed for good.
 */
export function pollDeviceState$(
  read$: () => Observable<DeviceReading>,
  options: PollOptions,
  stats: PollStats = { polls: 0, failedPolls: 0, skippedTicks: 0 },
): Observable<DeviceState> {
  const { intervalMs } = options;
  const offlineAfter = options.offlineAfterFailures ?? DEFAULT_OFFLINE_AFTER_FAILURES;
  const scheduler = options.scheduler ?? wallClock;
  if (!Number.isFinite(intervalMs) || intervalMs <= 0) throw new DeviceOptionsError(`intervalMs must be a positive number, got ${intervalMs}`);
  if (!Number.isInteger(offlineAfter) || offlineAfter < 1) {
    throw new DeviceOptionsError(`offlineAfterFailures must be a positive integer, got ${offlineAfter}`);
  }

  return defer(() => {
    let busy = false;
    let online: boolean | undefined;
    let failures = 0;
    let values: Record<string, PropertyValue> = {};

    const onSuccess = (reading: DeviceReading): DeviceState | undefined => {
      failures = 0;
      const next: Record<string, PropertyValue> = { ...values, ...reading.values };
      // A property missing from this reading keeps its last value only if it failed; otherwise it is gone.
      for (const name of Object.keys(values)) if (!(name in reading.values) && !(name in reading.errors)) delete next[name];
      const changed = [...new Set([...Object.keys(values), ...Object.keys(next)])].filter((k) => values[k] !== next[k]);
      const flipped = online !== true;
      values = next;
      online = true;
      if (changed.length === 0 && !flipped) return undefined;
      const errors = Object.fromEntries(Object.entries(reading.errors).map(([k, e]) => [k, e.reason]));
      return { online: true, values, changed, ts: scheduler.now(), errors };
    };

    const onFailure = (error: unknown): DeviceState | undefined => {
      stats.failedPolls += 1;
      failures += 1;
      if (failures < offlineAfter || online === false) return undefined;
      online = false;
      return { online: false, values, changed: [], ts: scheduler.now(), errors: {}, error: describeError(error) };
    };

    return timer(0, intervalMs, scheduler).pipe(
      filter(() => {
        if (busy) stats.skippedTicks += 1;
        return !busy;
      }),
      exhaustMap(() => {
        busy = true;
        stats.polls += 1;
        return read$().pipe(
          take(1),
          map((reading) => onSuccess(reading)),
          catchError((error: unknown) => {
            if (error instanceof MiioClosedError) throw error;
            return of(onFailure(error));
          }),
          finalize(() => (busy = false)),
        );
      }),
      concatMap((state) => (state ? of(state) : EMPTY)),
    );
  }).pipe(share({ connector: () => new ReplaySubject<DeviceState>(1) }));
}
