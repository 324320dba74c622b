import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { inRange } from './source-values.js';
import { watchThreshold$ } from './watch-threshold.js';

const scheduler = (): TestScheduler => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
const below5 = (v: unknown): boolean => inRange(v as number, undefined, 5);

describe('watchThreshold$ (numeric_state core)', () => {
  it('fires on crossing into the range, not while staying in it, re-arms on leaving', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      const values = cold('a-b-c-d-e-f', { a: 10, b: 3, c: 2, d: 8, e: 4, f: 1 });
      expectObservable(watchThreshold$(values, { matches: below5, hasValue: () => true, scheduler: ts })).toBe('--x-----y--', { x: 3, y: 4 });
    });
  });

  it('does not fire for a value already in range at attach (HA #46424), fires after leaving and re-entering', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      const values = cold('a-b-c-d', { a: 3, b: 2, c: 9, d: 4 });
      expectObservable(watchThreshold$(values, { matches: below5, hasValue: () => true, scheduler: ts })).toBe('------x', { x: 4 });
    });
  });

  it('a missing value at attach counts as not matching: the first in-range value fires', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      const values = cold('a-b', { a: 3, b: 2 });
      expectObservable(watchThreshold$(values, { matches: below5, hasValue: () => false, scheduler: ts })).toBe('x--', { x: 3 });
    });
  });

  it('`for` fires once the value held the range that long; leaving resets it', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      //               t=0 out, 1s in, 3s out (reset), 4s in, stays → fires at 4s + 5s
      const values = cold('a 999ms b 1999ms c 999ms d 999ms e', { a: 10, b: 3, c: 9, d: 2, e: 1 });
      expectObservable(watchThreshold$(values, { matches: below5, forMs: 5000, hasValue: () => true, scheduler: ts })).toBe('9000ms x', { x: 2 });
    });
  });

  it('`for` timer is released on unsubscribe', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      const values = cold('a b', { a: 10, b: 3 });
      expectObservable(watchThreshold$(values, { matches: below5, forMs: 5000, hasValue: () => true, scheduler: ts }), '^ 3s !').toBe('');
    });
    expect(ts.actions.length).toBe(0);
  });
});
