import { Observable, type SchedulerLike } from 'rxjs';
import { ForTimer } from './for-timer.js';
import type { SourceValue } from './source-values.js';

export interface StateChange {
  readonly from: SourceValue;
  readonly to: SourceValue;
}

export interface WatchChangesOptions {
  /** Does this change count (HA's from/to match)? */
  readonly matches: (change: StateChange) => boolean;
  /** While a `for` timer runs, does this new value keep it (still the `to` state / not back to `from`)? */
  readonly keeps: (value: SourceValue) => boolean;
  readonly forMs?: number | undefined;
  /** Whether the first emission is a replayed latest value (not a change). */
  readonly hasValue: () => boolean;
  /** The value assumed before the first emission when there was none at attach (default undefined). */
  readonly initial?: SourceValue;
  readonly scheduler: SchedulerLike;
}

/**
 * HA's state-trigger core: emits a matching change, or with `forMs` the change once the value has
 * held that long; a change the timer cannot keep cancels it (and may start a new one).
 */
export function watchChanges$(values$: Observable<SourceValue>, options: WatchChangesOptions): Observable<StateChange> {
  return new Observable<StateChange>((subscriber) => {
    const timer = new ForTimer<StateChange>(options.forMs, options.scheduler, (change) => subscriber.next(change));
    let previous: { value: SourceValue } | null = options.hasValue() ? null : { value: options.initial };
    let first = options.hasValue();
    const source = values$.subscribe({
      next: (value) => {
        if (first) {
          first = false;
          previous = { value };
          return;
        }
        if (previous !== null && previous.value === value) return;
        const change: StateChange = { from: previous?.value, to: value };
        previous = { value };
        if (timer.isRunning && !options.keeps(value)) timer.cancel();
        if (options.matches(change)) timer.start(change);
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    return () => {
      source.unsubscribe();
      timer.cancel();
    };
  });
}
