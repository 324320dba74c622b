import { Subject, type Observable } from 'rxjs';
import type { CanFrame } from './frame.js';

/** An in-process CAN bus for the bench, the simulator and tests. */
export interface VirtualBus {
  /** Puts a frame on the bus: every current subscriber of frames$ gets it, synchronously, in order. */
  send(frame: CanFrame): void;
  /** Hot: each subscriber sees the frames sent after it subscribed, like a node joining a real bus. */
  readonly frames$: Observable<CanFrame>;
  /** Completes frames$ for everyone; later sends are ignored. */
  close(): void;
}

export function createVirtualBus(): VirtualBus {
  const frames = new Subject<CanFrame>();
  return {
    send: (frame) => frames.next(frame),
    frames$: frames.asObservable(),
    close: () => frames.complete(),
  };
}
