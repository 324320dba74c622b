import { type MonoTypeOperatorFunction, Observable } from 'rxjs';

/** What a replay at 'max' waits for: device commands in flight (their answers come on real time). */
export interface SourceHold {
  busy(): boolean;
  idle(): Promise<void>;
}

/** Passes items straight through while the hold is not busy; otherwise queues them until it is idle. */
export function holdWhileBusy<T>(hold: SourceHold | undefined): MonoTypeOperatorFunction<T> {
  if (!hold) return (source) => source;
  return (source) =>
    new Observable<T>((subscriber) => {
      const queue: T[] = [];
      let head = 0;
      let waiting = false;
      let done = false;
      const drain = (): void => {
        while (head < queue.length) {
          if (hold.busy()) {
            if (!waiting) {
              waiting = true;
              void hold.idle().then(() => {
                waiting = false;
                drain();
              });
            }
            return;
          }
          subscriber.next(queue[head++] as T);
        }
        queue.length = 0;
        head = 0;
        if (done) subscriber.complete();
      };
      const inner = source.subscribe({
        next: (item) => {
          if (!waiting && head === queue.length && !hold.busy()) subscriber.next(item);
          else {
            queue.push(item);
            drain();
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          done = true;
          if (!waiting) drain();
        },
      });
      return () => inner.unsubscribe();
    });
}
