import { VirtualAction, VirtualTimeScheduler } from 'rxjs';

/**
 * Virtual time moved by hand: nothing moves until advanceBy()/advanceTo(), which run every timer due
 * up to the target and leave now() there. Tests with real sockets advance it only while the sockets
 * are idle; `replay --speed max` advances it to each frame's timestamp.
 */
export class ManualClock extends VirtualTimeScheduler {
  constructor(startMs = 0) {
    super(VirtualAction, Infinity);
    this.frame = startMs;
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.frame + ms);
  }

  /** Moves now() to `targetMs` (never backwards), running whatever was scheduled up to then. */
  advanceTo(targetMs: number): void {
    if (targetMs < this.frame) return;
    this.maxFrames = targetMs;
    this.flush();
    this.frame = targetMs;
    this.maxFrames = Infinity;
  }

  /** Timers still scheduled (a leak check after close()). */
  get pendingTimers(): number {
    return this.actions.length;
  }
}
