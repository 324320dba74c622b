import { Observable, asyncScheduler, type SchedulerLike, type Subscription } from 'rxjs';
import { CanOptionError } from './errors.js';
import type { CanFrame } from './frame.js';

export interface ReplayOptions {
  /** 1 = the log's own pace, 10 = ten times faster, 'max' = no waiting at all. */
  speed: number | 'max';
  /** Where the waiting happens (the core's Clock); asyncScheduler by default, a TestScheduler in tests. */
  scheduler?: SchedulerLike;
}

/**
 * Re-emits frames with the spacing of their `ts`: the first frame goes out when it arrives, frame k
 * at `start + (ts_k − ts_0) / speed`. Due times are absolute, so waits do not drift; a frame that is
 * already late (the source is slower than the log, or ts went backwards) goes out at once, order kept.
 * Frames keep their original `ts`. An error or complete of the source travels on after the frames
 * before it. With 'max' the frames are passed through untouched. One scheduled action at a time, but
 * frames that arrive early wait in a queue, so a fast source is held in memory until its time comes.
 */
export function replay(frames$: Observable<CanFrame>, options: ReplayOptions): Observable<CanFrame> {
  const { speed } = options;
  if (speed === 'max') return frames$;
  if (typeof speed !== 'number' || !Number.isFinite(speed) || speed <= 0) {
    throw new CanOptionError(`replay speed must be a positive number or 'max', got ${String(speed)}`);
  }
  const scheduler = options.scheduler ?? asyncScheduler;

  return new Observable<CanFrame>((subscriber) => {
    let queue: CanFrame[] = [];
    let head = 0;
    let startMs = 0;
    let firstTs = Number.NaN;
    let ending: { error: unknown } | 'complete' | undefined;
    let waiting: Subscription | undefined;
    let draining = false;

    const dueMs = (frame: CanFrame): number =>
      // Rounded to the microsecond: ts differences of doubles near 1.7e9 s carry ~0.2 µs of noise.
      startMs + Math.round((frame.ts - firstTs) * 1e6) / 1e3 / speed;

    const drain = (): void => {
      waiting = undefined;
      draining = true;
      try {
        while (head < queue.length) {
          const frame = queue[head];
          const waitMs = dueMs(frame) - scheduler.now();
          if (waitMs > 0) {
            waiting = scheduler.schedule(drain, waitMs);
            return;
          }
          head++;
          subscriber.next(frame);
          if (subscriber.closed) return;
        }
      } finally {
        draining = false;
      }
      queue = [];
      head = 0;
      if (ending === 'complete') subscriber.complete();
      else if (ending) subscriber.error(ending.error);
    };
    // A frame pushed while draining (a re-entrant source) joins the loop that is running.
    const kick = (): void => {
      if (!waiting && !draining) drain();
    };

    const subscription = frames$.subscribe({
      next(frame) {
        if (Number.isNaN(firstTs)) {
          firstTs = frame.ts;
          startMs = scheduler.now();
        }
        queue.push(frame);
        kick();
      },
      error(error: unknown) {
        ending = { error };
        kick();
      },
      complete() {
        ending = 'complete';
        kick();
      },
    });

    return () => {
      subscription.unsubscribe();
      waiting?.unsubscribe();
      queue = [];
    };
  });
}
