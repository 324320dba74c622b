import type { CanFrame } from './frame.js';

/**
 * One frame object and payload memory that parseCandumpLine refills line after line, for a reader
 * that is done with each frame before the next line (`homeward decode`): no allocation per line.
 */
export interface ReusedFrame {
  readonly frame: CanFrame;
  /** A view of each length 0…64 over one 64-byte payload. */
  readonly views: readonly Uint8Array[];
}

export function createReusedFrame(): ReusedFrame {
  const payload = new Uint8Array(64);
  const views = Array.from({ length: 65 }, (_, n) => payload.subarray(0, n));
  return { frame: { id: 0, extended: false, fd: false, rtr: false, error: false, data: views[0], ts: 0, channel: undefined, fdFlags: undefined }, views };
}
