import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { matchesAny, type SourceValue } from './source-values.js';
import { watchChanges$ } from './watch-changes.js';

const make = (): TestScheduler => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

function stateWatch(ts: TestScheduler, values$: Parameters<typeof watchChanges$>[0], from?: SourceValue, to?: SourceValue, forMs?: number) {
  return watchChanges$(values$, {
    matches: (c) => matchesAny(c.from, from as never) && matchesAny(c.to, to as never),
    keeps: (v) => (to !== undefined ? matchesAny(v, to as never) : from !== undefined ? !matchesAny(v, from as never) : false),
    forMs,
    hasValue: () => true,
    scheduler: ts,
  });
}

describe('watchChanges$ (state trigger core)', () => {
  it('the replayed value is not a change; from/to filter changes; repeats are not changes', () => {
    const ts = make();
    ts.run(({ cold, expectObservable }) => {
      const values = cold('a-b-b-c-a-b', { a: 'off', b: 'on', c: 'auto' });
      expectObservable(stateWatch(ts, values, 'off', 'on')).toBe('--x-------y', { x: { from: 'off', to: 'on' }, y: { from: 'off', to: 'on' } });
    });
  });

  it('without from/to every change fires', () => {
    const ts = make();
    ts.run(({ cold, expectObservable }) => {
      const values = cold('a-b-c', { a: 1, b: 2, c: 3 });
      expectObservable(stateWatch(ts, values)).toBe('--x-y', { x: { from: 1, to: 2 }, y: { from: 2, to: 3 } });
    });
  });

  it('`for` fires after the value held; a change away resets it', () => {
    const ts = make();
    ts.run(({ cold, expectObservable }) => {
      // off → on at 1s, back off at 2s (timer reset), on again at 3s, held → fires at 3s + 2s
      const values = cold('a 999ms b 999ms a 999ms b', { a: 'off', b: 'on' });
      expectObservable(stateWatch(ts, values, undefined, 'on', 2000)).toBe('5000ms x', { x: { from: 'off', to: 'on' } });
    });
  });

  it('`for` with a `to` list holds across values of the list', () => {
    const ts = make();
    ts.run(({ cold, expectObservable }) => {
      const values = cold('a 999ms b 999ms c', { a: 'off', b: 'on', c: 'auto' });
      expectObservable(stateWatch(ts, values, 'off', ['on', 'auto'] as never, 3000)).toBe('4000ms x', { x: { from: 'off', to: 'on' } });
    });
  });

  it('`for` with `from` only is cancelled by a return to `from`', () => {
    const ts = make();
    ts.run(({ cold, expectObservable }) => {
      const values = cold('a 999ms b 999ms a', { a: 'home', b: 'away' });
      expectObservable(stateWatch(ts, values, 'home', undefined, 5000)).toBe('');
    });
  });
});
