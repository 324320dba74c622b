import { Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { CanOptionError } from './errors.js';
import type { CanFrame } from './frame.js';
import { replay } from './replay.js';

const T0 = 1700000000.001750;
const at = (offsetS: number, id: number): CanFrame => ({
  id, extended: false, fd: false, rtr: false, error: false, data: new Uint8Array([id]), ts: T0 + offsetS, channel: 'vcan0',
});
// A log: frames 20 ms, 50 ms and 1 s after the first.
const a = at(0, 1);
const b = at(0.02, 2);
const c = at(0.05, 3);
const d = at(1, 4);

const newScheduler = (): TestScheduler => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('replay', () => {
  it('at speed 1 re-emits with the log spacing', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const log = cold('(abcd|)', { a, b, c, d });
      expectObservable(replay(log, { speed: 1 })).toBe('a 19ms b 29ms c 949ms (d|)', { a, b, c, d });
      expectSubscriptions(log.subscriptions).toBe('(^!)');
    });
  });

  it('at speed 10 is ten times faster', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const log = cold('(abcd|)', { a, b, c, d });
      expectObservable(replay(log, { speed: 10 })).toBe('a 1ms b 2ms c 94ms (d|)', { a, b, c, d });
    });
  });

  it("at 'max' does not wait at all", () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const log = cold('(abcd|)', { a, b, c, d });
      expectObservable(replay(log, { speed: 'max' })).toBe('(abcd|)', { a, b, c, d });
    });
  });

  it('counts from the first frame it sees, and sends late frames at once', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      // a arrives at 5 ms, so b is due at 25 and c at 55. b arrives late (30 ms): out at once.
      // c arrives early (40 ms): it waits for 55, and complete (at 41) waits behind it.
      const log = cold('5ms a 24ms b 9ms c |', { a, b, c });
      expectObservable(replay(log, { speed: 1 })).toBe('5ms a 24ms b 24ms (c|)', { a, b, c });
    });
  });

  it('emits a frame whose ts goes backwards at once, in order', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const back = at(-5, 9);
      const log = cold('(ab|)', { a: c, b: back });
      expectObservable(replay(log, { speed: 1 })).toBe('(ab|)', { a: c, b: back });
    });
  });

  it('passes an error on after the frames before it', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const log = cold('(ab#)', { a, b }, new CanOptionError('gone'));
      expectObservable(replay(log, { speed: 1 })).toBe('a 19ms (b#)', { a, b }, new CanOptionError('gone'));
    });
  });

  it('stops waiting and lets go of the source when unsubscribed', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const log = cold('a b 998ms c|', { a, b: d, c: at(2, 5) });
      expectObservable(replay(log, { speed: 1 }), '^ 500ms !').toBe('a', { a });
      expectSubscriptions(log.subscriptions).toBe('^ 500ms !');
    });
  });

  it('keeps order when frames arrive while it is emitting', () => {
    const scheduler = newScheduler();
    scheduler.run(() => {
      const source = new Subject<CanFrame>();
      const seen: number[] = [];
      replay(source, { speed: 1, scheduler }).subscribe((frame) => {
        seen.push(frame.id);
        if (frame.id === 1) source.next(b);
      });
      source.next(a);
      source.next(c);
      scheduler.flush();
      expect(seen).toEqual([1, 2, 3]);
    });
  });

  it('refuses a speed that is not positive', () => {
    const never = new Subject<CanFrame>();
    for (const speed of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => replay(never, { speed })).toThrow(CanOptionError);
    }
  });
});
