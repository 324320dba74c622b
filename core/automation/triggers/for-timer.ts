import type { SchedulerLike, Subscription } from 'rxjs';

/**
 * HA's `for:` in the state and numeric_state triggers: a match fires at once, or once it has held
 * `forMs` on the scheduler; the trigger cancels the wait when the value stops holding.
 */
export class ForTimer<T> {
  private pending: Subscription | null = null;

  constructor(
    private readonly forMs: number | undefined,
    private readonly scheduler: SchedulerLike,
    private readonly fire: (value: T) => void,
  ) {}

  get isRunning(): boolean {
    return this.pending !== null;
  }

  /** Fires now without a `for`; else starts the wait unless one is already running. */
  start(value: T): void {
    if (this.forMs === undefined || this.forMs <= 0) this.fire(value);
    else if (this.pending === null) {
      this.pending = this.scheduler.schedule(() => {
        this.pending = null;
        this.fire(value);
      }, this.forMs);
    }
  }

  cancel(): void {
    this.pending?.unsubscribe();
    this.pending = null;
  }
}
