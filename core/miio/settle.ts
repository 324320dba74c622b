import { Observable, type OperatorFunction } from 'rxjs';

/** What one event means for a call: its value, or its error. */
export type Outcome = { ok: true; value: unknown } | { ok: false; error: Error };

/**
 * Ends a call on its first outcome: a value is emitted and completes, an error errors; undefined waits on.
 * One operator instead of concatMap(of | EMPTY | throwError) + take(1) on the per-reply path. A
 * throwing `decide` errors the call, never the source's other subscribers.
 */
export function settle<T>(decide: (event: T) => Outcome | undefined): OperatorFunction<T, unknown> {
  return (source) =>
    new Observable<unknown>((subscriber) =>
      source.subscribe({
        next: (event) => {
          let outcome: Outcome | undefined;
          try {
            outcome = decide(event);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          if (outcome === undefined) return;
          if (outcome.ok) {
            subscriber.next(outcome.value);
            subscriber.complete();
          } else {
            subscriber.error(outcome.error);
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
}
