import { describe, expect, it } from 'vitest';
import type { CanFrame } from './frame.js';
import { createVirtualBus } from './virtual-bus.js';

const frame = (id: number): CanFrame => ({ id, extended: false, fd: false, rtr: false, error: false, data: new Uint8Array(0), ts: id });

describe('createVirtualBus', () => {
  it('delivers each frame to every subscriber that joined before it was sent', () => {
    const bus = createVirtualBus();
    const early: number[] = [];
    const late: number[] = [];
    bus.frames$.subscribe((f) => early.push(f.id));
    bus.send(frame(1));
    bus.frames$.subscribe((f) => late.push(f.id));
    bus.send(frame(2));
    bus.send(frame(3));
    expect(early).toEqual([1, 2, 3]);
    expect(late).toEqual([2, 3]);
  });

  it('sends with no one listening without harm, and stops a leaving subscriber', () => {
    const bus = createVirtualBus();
    bus.send(frame(1));
    const seen: number[] = [];
    const subscription = bus.frames$.subscribe((f) => seen.push(f.id));
    bus.send(frame(2));
    subscription.unsubscribe();
    bus.send(frame(3));
    expect(seen).toEqual([2]);
  });

  it('completes everyone on close and ignores later sends', () => {
    const bus = createVirtualBus();
    let completed = 0;
    const seen: number[] = [];
    bus.frames$.subscribe({ next: (f) => seen.push(f.id), complete: () => completed++ });
    bus.frames$.subscribe({ complete: () => completed++ });
    bus.close();
    bus.send(frame(1));
    expect(completed).toBe(2);
    expect(seen).toEqual([]);
  });

  it('does not let a subscriber reach the sending side', () => {
    const bus = createVirtualBus();
    expect('next' in bus.frames$).toBe(false);
  });
});
