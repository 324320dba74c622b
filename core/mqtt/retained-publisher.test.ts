import { Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../base/manual-clock.js';
import { RetainedPublisher } from './retained-publisher.js';

const scheduler = (): TestScheduler => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** Offers on one topic as marbles; the expected marbles are what goes out (1 s per-topic interval). */
function run(offers: string, expected: string, options: { connectedFrom?: number } = {}): void {
  const ts = scheduler();
  ts.run(({ hot, expectObservable }) => {
    const sent = new Subject<string>();
    let connected = options.connectedFrom === undefined;
    const publisher = new RetainedPublisher({ scheduler: ts, minIntervalMs: 1000, canSend: () => connected, send: (_topic, payload) => sent.next(payload) });
    hot(offers).subscribe((value) => publisher.offer('car/doors', value));
    if (options.connectedFrom !== undefined) {
      ts.schedule(() => {
        connected = true;
        publisher.flush();
      }, options.connectedFrom);
    }
    expectObservable(sent).toBe(expected);
  });
}

describe('RetainedPublisher', () => {
  it('sends the first value at once and never re-sends an unchanged one', () => {
    run('a 1s a 1s a', 'a');
  });

  it('holds a change inside the interval and sends the latest when it ends', () => {
    run('a 99ms b 99ms c', 'a 999ms c');
  });

  it('sends nothing for a change and its change back within one interval', () => {
    run('a 99ms b 99ms a 1s c', 'a 1200ms c');
  });

  it('sends at once when the interval has passed', () => {
    run('a 1s b 1s c', 'a 1000ms b 1000ms c');
  });

  it('keeps values while offline and sends only the latest on flush', () => {
    run('a 99ms b 99ms c', '500ms c', { connectedFrom: 500 });
  });

  it('keeps topics apart', () => {
    const ts = scheduler();
    ts.run(({ hot, expectObservable }) => {
      const sent = new Subject<string>();
      const publisher = new RetainedPublisher({ scheduler: ts, minIntervalMs: 1000, canSend: () => true, send: (topic, payload) => sent.next(`${topic}=${payload}`) });
      hot('(ab) 6ms c', { a: ['speed', '1'], b: ['soc', '80'], c: ['speed', '2'] }).subscribe(([topic, value]) => publisher.offer(topic, value));
      expectObservable(sent).toBe('(ab) 996ms c', { a: 'speed=1', b: 'soc=80', c: 'speed=2' });
    });
  });

  it('sends a value again after its publish failed before reaching the store', () => {
    const sent: string[] = [];
    let fail: (() => void) | undefined;
    const ts = scheduler();
    const publisher = new RetainedPublisher({ scheduler: ts, minIntervalMs: 0, canSend: () => true, send: (_t, p, failed) => { sent.push(p); fail = failed; } });
    publisher.offer('t', 'ON');
    fail?.();
    expect(publisher.lastSent('t')).toBeUndefined();
    publisher.flush();
    expect(sent).toEqual(['ON', 'ON']);
    publisher.offer('t', 'ON');
    expect(sent).toEqual(['ON', 'ON']);
  });

  it('leaves no timer behind after close', () => {
    const ts = scheduler();
    const sent: string[] = [];
    const publisher = new RetainedPublisher({ scheduler: ts, minIntervalMs: 1000, canSend: () => true, send: (_t, p) => sent.push(p) });
    publisher.offer('t', 'a');
    publisher.offer('t', 'b');
    publisher.close();
    ts.flush();
    expect(sent).toEqual(['a']);
    publisher.offer('t', 'c');
    expect(sent).toEqual(['a']);
  });

  // `replay --speed max`: the runtime's ManualClock starts at 0 and jumps to the first frame's epoch
  // time, then follows the frames; the bridge is connected the whole time.
  it('follows a ManualClock jumping from 0 to log time while connected: the latest value wins, none stuck', () => {
    const clock = new ManualClock();
    const sent: [number, string][] = [];
    const publisher = new RetainedPublisher({ scheduler: clock, minIntervalMs: 1000, canSend: () => true, send: (_t, p) => sent.push([clock.now(), p]) });
    const T0 = 1_718_640_000_003;
    publisher.offer('car/presence', 'unknown');
    publisher.offer('car/presence', 'not_home'); // held: the interval started at 0
    clock.advanceTo(T0);
    publisher.offer('car/presence', 'not_home');
    clock.advanceTo(T0 + 20);
    publisher.offer('car/presence', 'home'); // the interval since 1000 ms is long over: at once
    clock.advanceTo(T0 + 40);
    publisher.offer('car/presence', 'not_home');
    clock.advanceTo(T0 + 60);
    publisher.offer('car/presence', 'home');
    clock.advanceTo(T0 + 300);
    publisher.offer('car/presence', 'not_home'); // held, then the log ends: the timer still sends it
    clock.advanceTo(T0 + 20 + 1000);
    expect(sent).toEqual([[0, 'unknown'], [1000, 'not_home'], [T0 + 20, 'home'], [T0 + 1020, 'not_home']]);
    expect(clock.pendingTimers).toBe(0);
    publisher.offer('car/presence', 'not_home');
    clock.advanceTo(T0 + 5000);
    expect(sent).toHaveLength(4);
    expect(publisher.stats).toEqual({ sent: 4, unchanged: 3 });
  });

  it('holds a change while its clock stands still: virtual time moves only when its owner moves it', () => {
    const clock = new ManualClock(1_718_640_361_983);
    const sent: string[] = [];
    const publisher = new RetainedPublisher({ scheduler: clock, minIntervalMs: 1000, canSend: () => true, send: (_t, p) => sent.push(p) });
    publisher.offer('car/presence', 'not_home');
    publisher.offer('car/presence', 'home');
    clock.advanceTo(clock.now() - 1000); // a log played again cannot move it back
    expect(sent).toEqual(['not_home']);
    clock.advanceBy(1000);
    expect(sent).toEqual(['not_home', 'home']);
  });
});
