import { asyncScheduler, type SchedulerAction, type SchedulerLike, type Subscription } from 'rxjs';

/**
 * Wall time running `factor` times faster, from now on: now() advances factor ms per real ms and a
 * wait of d ms takes d / factor real ms. The demo's `--speed N` runs the car, its detectors and the
 * automations on it, so GPS, wheel speed, `for` and `delay` all stay consistent with each other.
 */
export class ScaledClock implements SchedulerLike {
  private readonly originMs: number;

  constructor(
    readonly factor: number,
    private readonly base: SchedulerLike = asyncScheduler,
  ) {
    if (!(factor > 0) || !Number.isFinite(factor)) throw new RangeError(`clock factor must be a positive number, got ${factor}`);
    this.originMs = base.now();
  }

  now(): number {
    return this.originMs + (this.base.now() - this.originMs) * this.factor;
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    const factor = this.factor;
    // Re-scheduling from inside the work (interval, timer with a period) must be scaled too.
    return this.base.schedule(function scaled(this: SchedulerAction<T>, s?: T) {
      const proxy = Object.create(this) as SchedulerAction<T>;
      proxy.schedule = (next?: T, nextDelay = 0) => this.schedule(next, nextDelay / factor);
      work.call(proxy, s);
    }, delay / factor, state);
  }
}
