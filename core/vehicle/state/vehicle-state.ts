/**
 * The car's live state: the latest value and time of every VSS path, one Observable per path, a
 * snapshot, staleness and the derived values. Hot between start() and stop(): one subscription to
 * the updates, and at most one stale timer per path.
 *
 * Staleness: a path with an expected cycle is stale once it has not been refreshed for cycle ×
 * staleFactor of scheduler time. The clock starts when the update is received (scheduler.now()),
 * which equals ts × 1000 live and in a replay whose ManualClock follows the frames, and stays right
 * when a log is replayed on a clock of another epoch. The timer is not moved on every update (at
 * 50 Hz that would be most of the cost): when it fires it looks at the path's last receipt and, if
 * refreshed since, sleeps again until the new deadline.
 */
import { Subject, Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { SignalUpdate, VssValue } from '../signal-updates.js';
import type { DerivedVehicleState, VssSample } from './vss-sample.js';
import { deriveVehicleState, sameDerivedState } from './derive-vehicle-state.js';
import { DERIVED_INPUT_PATHS } from './vss-paths.js';

export interface VehicleStateOptions {
  scheduler: SchedulerLike;
  /** path → expected ms between updates (cycleTimesByPath); paths without one never go stale. */
  expectedCycleMs?: ReadonlyMap<string, number> | ((path: string) => number | undefined);
  /** Stale after expected cycle × this (default 3). */
  staleFactor?: number;
  /** Told when the updates fail for good (the state then stops as by stop(), its samples stay). */
  onError?: (error: unknown) => void;
}

export interface VehicleState {
  /** Every update and every stale flip. */
  readonly samples$: Observable<VssSample>;
  /** One path: its latest sample first (if any), then every change. */
  path$(path: string): Observable<VssSample>;
  get(path: string): VssSample | undefined;
  snapshot(): Record<string, VssSample>;
  derived(): DerivedVehicleState;
  /** Derived values, each emission different from the one before. */
  readonly derived$: Observable<DerivedVehicleState>;
  /** Subscribes to the updates (idempotent). */
  start(): void;
  /** Unsubscribes and cancels every stale timer; the last samples stay readable. */
  stop(): void;
}

interface PathEntry {
  sample: VssSample;
  /** Scheduler ms when the last update was received. */
  receivedMs: number;
  staleAfterMs: number | undefined;
  timer: Subscription | undefined;
}

export function createVehicleState(updates$: Observable<SignalUpdate>, options: VehicleStateOptions): VehicleState {
  const { scheduler } = options;
  const staleFactor = options.staleFactor ?? 3;
  const cycles = options.expectedCycleMs;
  const cycleOf = typeof cycles === 'function' ? cycles : (path: string) => cycles?.get(path);
  const entries = new Map<string, PathEntry>();
  const samples = new Subject<VssSample>();
  const perPath = new Map<string, Subject<VssSample>>();
  const derivedChanges = new Subject<DerivedVehicleState>();
  const valueOf = (path: string): VssValue | undefined => entries.get(path)?.sample.value;
  let derived = deriveVehicleState(valueOf);
  let upstream: Subscription | undefined;

  const publish = (sample: VssSample): void => {
    samples.next(sample);
    perPath.get(sample.path)?.next(sample);
  };

  const armTimer = (entry: PathEntry, delayMs: number): void => {
    entry.timer = scheduler.schedule(() => {
      entry.timer = undefined;
      const dueMs = entry.receivedMs + (entry.staleAfterMs as number);
      const now = scheduler.now();
      // Refreshed meanwhile: sleep until the new deadline (a fresh action, so nothing chains up).
      if (now < dueMs) armTimer(entry, dueMs - now);
      else if (!entry.sample.stale) {
        entry.sample = { ...entry.sample, stale: true };
        publish(entry.sample);
      }
    }, delayMs);
  };

  const onUpdate = (update: SignalUpdate): void => {
    const now = scheduler.now();
    let entry = entries.get(update.path);
    const sample: VssSample = { path: update.path, value: update.value, ts: update.ts, stale: false };
    if (entry === undefined) {
      const cycleMs = cycleOf(update.path);
      const staleAfterMs = cycleMs !== undefined && cycleMs > 0 ? cycleMs * staleFactor : undefined;
      entry = { sample, receivedMs: now, staleAfterMs, timer: undefined };
      entries.set(update.path, entry);
    } else {
      entry.sample = sample;
      entry.receivedMs = now;
    }
    if (entry.staleAfterMs !== undefined && entry.timer === undefined) armTimer(entry, entry.staleAfterMs);
    publish(sample);
    if (DERIVED_INPUT_PATHS.has(update.path)) {
      const next = deriveVehicleState(valueOf);
      if (!sameDerivedState(next, derived)) {
        derived = next;
        derivedChanges.next(next);
      }
    }
  };

  const state: VehicleState = {
    samples$: samples.asObservable(),
    path$(path) {
      return new Observable<VssSample>((subscriber) => {
        let subject = perPath.get(path);
        if (subject === undefined) {
          subject = new Subject<VssSample>();
          perPath.set(path, subject);
        }
        const latest = entries.get(path)?.sample;
        if (latest !== undefined) subscriber.next(latest);
        const subscription = subject.subscribe(subscriber);
        return () => {
          subscription.unsubscribe();
          if (subject !== undefined && !subject.observed) perPath.delete(path);
        };
      });
    },
    get: (path) => entries.get(path)?.sample,
    snapshot() {
      const out: Record<string, VssSample> = {};
      for (const [path, entry] of entries) out[path] = entry.sample;
      return out;
    },
    derived: () => derived,
    derived$: derivedChanges.asObservable(),
    start() {
      if (upstream !== undefined && !upstream.closed) return;
      for (const entry of entries.values()) {
        if (entry.staleAfterMs === undefined || entry.sample.stale) continue;
        armTimer(entry, Math.max(0, entry.receivedMs + entry.staleAfterMs - scheduler.now()));
      }
      // A source error ends the subscription like stop(); the samples stay readable.
      upstream = updates$.subscribe({
        next: onUpdate,
        error: (error: unknown) => {
          state.stop();
          options.onError?.(error);
        },
      });
    },
    stop() {
      upstream?.unsubscribe();
      upstream = undefined;
      for (const entry of entries.values()) {
        entry.timer?.unsubscribe();
        entry.timer = undefined;
      }
    },
  };
  return state;
}
