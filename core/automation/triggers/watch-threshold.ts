import { Observable, type SchedulerLike } from 'rxjs';
import { ForTimer } from './for-timer.js';
import type { SourceValue } from './source-values.js';

/**
 * HA's numeric_state core: fires when the value goes from not matching to matching (a value already
 * matching at attach does not fire until it leaves and re-enters; a missing value counts as not
 * matching and re-arms). With `forMs`, it must stay matching that long; any update leaving cancels.
 */
export function watchThreshold$(
  values$: Observable<SourceValue>,
  options: { matches: (value: SourceValue) => boolean; forMs?: number | undefined; hasValue: () => boolean; scheduler: SchedulerLike },
): Observable<SourceValue> {
  return new Observable<SourceValue>((subscriber) => {
    const timer = new ForTimer<SourceValue>(options.forMs, options.scheduler, (value) => subscriber.next(value));
    let armed: boolean | null = options.hasValue() ? null : true;
    const source = values$.subscribe({
      next: (value) => {
        const matches = options.matches(value);
        if (armed === null) {
          armed = !matches;
          return;
        }
        if (!matches) {
          armed = true;
          timer.cancel();
          return;
        }
        if (!armed) return;
        armed = false;
        timer.start(value);
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
