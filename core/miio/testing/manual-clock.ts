import { VirtualAction, VirtualTimeScheduler } from 'rxjs';

/**
 * Virtual time for tests that also use real sockets: nothing moves until advanceBy(), which runs every
 * timer due up to the target and leaves now() there. Advance only while the sockets are idle.
 */
export class ManualClock extends VirtualTimeScheduler {
  constructor(startMs = 0) {
    super(VirtualAction, Infinity);
    this.frame = startMs;
  }

  advanceBy(ms: number): void {
    const target = this.frame + ms;
    this.maxFrames = target;
    this.flush();
    this.frame = target;
    this.maxFrames = Infinity;
  }

  /** Timers still scheduled (a leak check after close()). */
  get pendingTimers(): number {
    return this.actions.length;
  }
}
